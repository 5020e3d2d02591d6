/// Checks that bytes written by the server are a sequence of complete, well-formed HTTP/1.1
/// responses: a status line with a three-digit code, `Name: value` header lines, a
/// `Content-Length` on every final response and exactly that many body bytes.
///
/// An answer to `HEAD` carries the length of the body it leaves out, and the stream does not
/// say which requests were `HEAD`; so a response may also end right after its headers, and
/// the parse backtracks between the two readings.
struct HTTPResponseStream {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var bodyByteCount: Int

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
    }

    /// The responses, or nil when the bytes are not such a sequence.
    static func parse(_ bytes: [UInt8]) -> [Response]? {
        parse(bytes[...])
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) -> [Response]? {
        if bytes.isEmpty { return [] }
        guard let (head, afterHead) = parseHead(bytes) else { return nil }
        var response = head
        if response.status < 200 {
            return parse(afterHead).map { [response] + $0 }
        }
        guard let lengthText = response.header("content-length"), let length = Int(lengthText), length >= 0 else {
            return nil
        }
        if afterHead.count >= length, let rest = parse(afterHead.dropFirst(length)) {
            response.bodyByteCount = length
            return [response] + rest
        }
        if length > 0, let rest = parse(afterHead) {
            return [response] + rest
        }
        return nil
    }

    /// Status line and headers, and what follows the blank line.
    private static func parseHead(_ bytes: ArraySlice<UInt8>) -> (Response, ArraySlice<UInt8>)? {
        var lines: [String] = []
        var position = bytes.startIndex
        while true {
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\r")),
                end + 1 < bytes.endIndex, bytes[end + 1] == UInt8(ascii: "\n")
            else { return nil }
            if end == position { break }
            lines.append(String(decoding: bytes[position..<end], as: UTF8.self))
            position = end + 2
        }
        let afterHead = bytes[(position + 2)...]
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 ") else { return nil }
        let code = statusLine.dropFirst(9).prefix(3)
        guard code.count == 3, let status = Int(code), (100...599).contains(status) else { return nil }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers.append((String(line[..<colon]), String(value)))
        }
        return (Response(status: status, headers: headers, bodyByteCount: 0), afterHead)
    }
}
