import BunnyCore

/// One line of a fault proxy's journal: one message and what became of it.
///
/// JSON keys, always in this order; optional ones are left out when absent:
///
/// | key | type | meaning |
/// |---|---|---|
/// | `time_ns` | int | lab time when the message arrived at the proxy (for `replayed` and `reorder-release`: when it was sent again) |
/// | `link` | string | the proxy's link name, e.g. `node1->node2` |
/// | `sequence` | int | the message's number on this link, from 1; extra deliveries (`duplicate-copy`, `reorder-release`, `replayed`) repeat the number of the original |
/// | `connection` | int | the number (from 1) of the sender connection the message arrived on; extra deliveries keep the original's |
/// | `class` | string | ``MessageClass`` raw value |
/// | `method`, `path` | string | the request line (path with query) |
/// | `request_bytes` | int | request body length in bytes |
/// | `leader_epoch`, `type` | int, optional | from heartbeat / replicate / replicate-registry bodies |
/// | `fate` | string | ``JournalFate`` raw value |
/// | `delay_us` | int, optional | the applied delay, for fates that send on |
/// | `status` | int, optional | the upstream's answer status, when one came |
/// | `response_bytes` | int, optional | the upstream's answer body length |
/// | `round_trip_us` | int, optional | from writing the request upstream to the end of its answer |
/// | `error` | string, optional | why the upstream exchange failed (connect refused, closed, …) |
///
/// Lines are written when a message's exchange ends, so they are ordered by completion;
/// sort by `time_ns` (then `sequence`) for arrival order.
public struct ProxyJournalEntry: Codable, Equatable, Sendable {
    public var timeNanoseconds: Int64
    public var link: String
    public var sequence: Int
    public var connection: Int
    public var messageClass: MessageClass
    public var method: String
    public var path: String
    public var requestBytes: Int
    public var leaderEpoch: UInt64?
    public var type: Int64?
    public var fate: JournalFate
    public var delayMicroseconds: Int64?
    public var status: Int?
    public var responseBytes: Int?
    public var roundTripMicroseconds: Int64?
    public var error: String?

    public init(
        timeNanoseconds: Int64, link: String, sequence: Int, connection: Int, messageClass: MessageClass,
        method: String, path: String, requestBytes: Int, leaderEpoch: UInt64? = nil, type: Int64? = nil,
        fate: JournalFate, delayMicroseconds: Int64? = nil, status: Int? = nil, responseBytes: Int? = nil,
        roundTripMicroseconds: Int64? = nil, error: String? = nil
    ) {
        self.timeNanoseconds = timeNanoseconds
        self.link = link
        self.sequence = sequence
        self.connection = connection
        self.messageClass = messageClass
        self.method = method
        self.path = path
        self.requestBytes = requestBytes
        self.leaderEpoch = leaderEpoch
        self.type = type
        self.fate = fate
        self.delayMicroseconds = delayMicroseconds
        self.status = status
        self.responseBytes = responseBytes
        self.roundTripMicroseconds = roundTripMicroseconds
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case timeNanoseconds = "time_ns"
        case link
        case sequence
        case connection
        case messageClass = "class"
        case method
        case path
        case requestBytes = "request_bytes"
        case leaderEpoch = "leader_epoch"
        case type
        case fate
        case delayMicroseconds = "delay_us"
        case status
        case responseBytes = "response_bytes"
        case roundTripMicroseconds = "round_trip_us"
        case error
    }

    /// The entry as one line of JSON, keys in the documented order, ending in `\n`.
    public func jsonLine() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(320)
        func key(_ name: CodingKeys) {
            output.append(output.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            Self.appendString(name.rawValue, to: &output)
            output.append(UInt8(ascii: ":"))
        }
        func integer(_ name: CodingKeys, _ value: (some BinaryInteger)?) {
            guard let value else { return }
            key(name)
            JSONText.appendInteger(value, to: &output)
        }
        func string(_ name: CodingKeys, _ value: String?) {
            guard let value else { return }
            key(name)
            Self.appendString(value, to: &output)
        }
        integer(.timeNanoseconds, timeNanoseconds)
        string(.link, link)
        integer(.sequence, sequence)
        integer(.connection, connection)
        string(.messageClass, messageClass.rawValue)
        string(.method, method)
        string(.path, path)
        integer(.requestBytes, requestBytes)
        integer(.leaderEpoch, leaderEpoch)
        integer(.type, type)
        string(.fate, fate.rawValue)
        integer(.delayMicroseconds, delayMicroseconds)
        integer(.status, status)
        integer(.responseBytes, responseBytes)
        integer(.roundTripMicroseconds, roundTripMicroseconds)
        string(.error, error)
        output.append(UInt8(ascii: "}"))
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    /// A JSON string with only the escapes JSON requires, so that link names such as
    /// `node1->node2` stay readable (``JSONText`` escapes `<`, `>` and `&` the way Go does).
    private static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)],
                ])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
