import BunnyCore

/// An HTTP answer ready for the server to write: status, headers in order, body.
public struct WireResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Close the connection after this answer (e.g. a body was refused unread).
    public var closeConnection: Bool

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    public static func == (left: WireResponse, right: WireResponse) -> Bool {
        left.status == right.status && left.body == right.body && left.closeConnection == right.closeConnection
            && left.headers.map(\.name) == right.headers.map(\.name)
            && left.headers.map(\.value) == right.headers.map(\.value)
    }

    /// The value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// An error answer (`api.md` §1.1): plain text, `nosniff`, message + newline, the code and
    /// retry headers it carries.
    public static func error(_ error: APIError) -> WireResponse {
        var headers: [(String, String)] = [
            ("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff"),
        ]
        if let code = error.code { headers.append(("BigBunny-Error-Code", code.rawValue)) }
        if error.lockStateUnknown { headers.append(("BigBunny-Lock-State", "unknown")) }
        if let retryAfter = error.retryAfterSeconds { headers.append(("Retry-After", String(retryAfter))) }
        return WireResponse(status: error.status, headers: headers, body: Array((error.message + "\n").utf8))
    }

    /// A successful public API answer.
    public static func success(_ response: PublicResponse) -> WireResponse {
        var headers: [(String, String)] = []
        switch response.contentType {
        case .none: break
        case .textPlain: headers.append(("Content-Type", "text/plain"))
        case .octetStream: headers.append(("Content-Type", "application/octet-stream"))
        case .json: headers.append(("Content-Type", "application/json"))
        }
        if let lockID = response.lockID { headers.append(("BigBunny-Lock-ID", lockID)) }
        if let seconds = response.notValidAfterSeconds {
            headers.append(("BigBunny-Not-Valid-After", String(seconds)))
        }
        if response.degradedWrite { headers.append(("BigBunny-Warning", "DegradedWrite")) }
        if let version = response.version { headers.append(("BigBunny-Version", String(version))) }
        return WireResponse(status: 200, headers: headers, body: response.body)
    }

    /// Plain-text success with `charset=utf-8` (operator endpoints).
    public static func text(_ message: String, status: Int = 200) -> WireResponse {
        WireResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(message.utf8))
    }

    public static func json(_ body: [UInt8], status: Int = 200) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// `405` with `Allow` (`api.md` §1).
    public static func methodNotAllowed(allow: String) -> WireResponse {
        var response = error(APIError(status: 405, code: .methodNotAllowed, message: "Method Not Allowed"))
        response.headers.append(("Allow", allow))
        return response
    }

    public static let notFound = error(APIError(status: 404, code: .routeNotFound, message: "404 page not found"))
}
