import BunnyCore

/// The content of the `auction` workload's store: `{"high":N,"bidder":"c1001s7","count":K}`.
///
/// `high` is the highest bid so far, `bidder` the unique name of the bid that set it, and
/// `count` the number of bids the store has taken. Only bids change the store, and each bid
/// is one complete-modify (version + 1), so `version − count` is the same for every state of
/// the store: the version it had when it was created. Checkers use that to give every bid
/// its version and to test that what a watch answered belongs to the version it carried.
public struct AuctionBid: Sendable, Hashable {
    public var high: Int64
    public var bidder: String
    public var count: Int64

    public init(high: Int64, bidder: String, count: Int64) {
        self.high = high
        self.bidder = bidder
        self.count = count
    }

    /// The content the auction starts with.
    public static let opening = AuctionBid(high: 0, bidder: "", count: 0)

    /// Parses the store's content; `nil` when it is not an auction state.
    public init?(content: String) {
        guard let object = (try? JSONParser.parse(Array(content.utf8)))?.objectValue,
            case .number(let high)? = object["high"], let highValue = high.int64Value,
            case .number(let count)? = object["count"], let countValue = count.int64Value,
            let bidder = object["bidder"]?.stringValue
        else { return nil }
        self.init(high: highValue, bidder: bidder, count: countValue)
    }

    /// The JSON text written to the store.
    public var content: String {
        var bytes: [UInt8] = Array("{\"high\":".utf8)
        JSONText.appendInteger(high, to: &bytes)
        bytes.append(contentsOf: Array(",\"bidder\":".utf8))
        JSONText.appendString(bidder, to: &bytes)
        bytes.append(contentsOf: Array(",\"count\":".utf8))
        JSONText.appendInteger(count, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
