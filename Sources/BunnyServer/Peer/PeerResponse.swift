import NIOCore
import NIOHTTP1

/// A peer's HTTP answer.
struct PeerResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// Why a peer request produced no answer. Every case is indefinite: the peer may or may not
/// have acted on the request.
enum PeerRequestError: Error, CustomStringConvertible {
    case cannotConnect(address: String, reason: String)
    case invalidAddress(String)
    case timedOut(after: Duration)
    case connectionLost(String)

    var description: String {
        switch self {
        case .cannotConnect(let address, let reason): return "cannot connect to \(address): \(reason)"
        case .invalidAddress(let address): return "invalid peer address \"\(address)\""
        case .timedOut(let duration): return "no answer within \(duration)"
        case .connectionLost(let detail): return "connection lost: \(detail)"
        }
    }
}
