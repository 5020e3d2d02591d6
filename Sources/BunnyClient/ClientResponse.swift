import NIOCore
import NIOHTTP1

/// One HTTP answer of the daemon, whatever its status.
public struct ClientResponse: Sendable {
    public var status: Int
    /// Header names compare case-insensitively (`header(_:)`, `headers.first(name:)`).
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    public init(status: Int, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, names compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    public var bodyBytes: [UInt8] { Array(body.readableBytesView) }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var bodyText: String { String(decoding: body.readableBytesView, as: UTF8.self) }

    /// `BigBunny-Warning` (for example `DegradedWrite`), if present.
    public var warning: String? { header(HeaderName.warning) }

    /// `BigBunny-Not-Valid-After` as whole seconds, if present and numeric.
    public var remainingSeconds: Int64? { header(HeaderName.notValidAfter).flatMap { Int64($0) } }
}
