/// Renders the bench's requests once, as bytes, before the timed phase: the load generator
/// then only copies bytes (and, for complete-modify, splices the lock ID it was given).
///
/// Every request is `POST /api/v1/<endpoint>[/<store ID>] HTTP/1.1` with `Host`,
/// `X-Customer-ID` and `Content-Length`; complete-modify adds `BigBunny-Lock-ID`.
public struct BenchRequestRenderer: Sendable {
    public let customer: String
    /// Body of creates, updates and complete-modifies (and of the prepared blob stores).
    public let body: [UInt8]

    /// The increment body: +1.
    public static let incrementBody = Array(#"{"delta":1}"#.utf8)
    /// The body that creates a counter store at 0.
    public static let counterCreateBody = Array(#"{"type":"counter","value":0}"#.utf8)

    public init(customer: String, bodyBytes: Int) {
        self.customer = customer
        self.body = Self.patternBody(count: bodyBytes)
    }

    /// A printable, recognisable body of `count` bytes.
    public static func patternBody(count: Int) -> [UInt8] {
        let pattern = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        return (0..<count).map { pattern[$0 % pattern.count] }
    }

    /// The whole request of `kind` on `storeID` (ignored for `create`). For complete-modify use
    /// ``completeModifyParts(storeID:)``: it needs a lock ID.
    public func render(_ kind: BenchRequestKind, storeID: String) -> [UInt8] {
        precondition(kind != .completeModify, "complete-modify needs a lock ID: use completeModifyParts")
        switch kind {
        case .snapshot, .beginModify: return request(kind, storeID: storeID, body: [])
        case .update: return request(kind, storeID: storeID, body: body)
        case .create: return request(kind, storeID: nil, body: body)
        case .increment: return request(kind, storeID: storeID, body: Self.incrementBody)
        case .completeModify: return []
        }
    }

    /// The create request of a counter store (for store preparation).
    public func renderCounterCreate() -> [UInt8] {
        request(.create, storeID: nil, body: Self.counterCreateBody)
    }

    /// A complete-modify request is `prefix + lockID + suffix`.
    public func completeModifyParts(storeID: String) -> (prefix: [UInt8], suffix: [UInt8]) {
        let prefix = head(.completeModify, storeID: storeID) + "BigBunny-Lock-ID: "
        let suffix = "\r\nContent-Length: \(body.count)\r\n\r\n"
        return (Array(prefix.utf8), Array(suffix.utf8) + body)
    }

    private func request(_ kind: BenchRequestKind, storeID: String?, body: [UInt8]) -> [UInt8] {
        Array((head(kind, storeID: storeID) + "Content-Length: \(body.count)\r\n\r\n").utf8) + body
    }

    private func head(_ kind: BenchRequestKind, storeID: String?) -> String {
        let path = "/api/v1/" + kind.endpoint + (storeID.map { "/" + $0 } ?? "")
        return "POST \(path) HTTP/1.1\r\nHost: bench\r\nX-Customer-ID: \(customer)\r\n"
    }
}
