/// A minimal HTTP/1.1 response parser for the bench's hot path: the status line, then of the
/// headers only `Content-Length`, `BigBunny-Error-Code`, `BigBunny-Lock-ID`, `Connection` and
/// `Transfer-Encoding` (refused); bodies are skipped, never copied out.
///
/// Bytes arrive in any split (``append(_:)``); ``next()`` returns each complete answer once.
/// Invariant: `buffer[readIndex...]` holds the bytes not consumed yet; a body being skipped
/// is counted by `bodyBytesToSkip` instead of being buffered.
public struct BenchResponseParser: Sendable {
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the end of the head resumes (no rescans on split heads).
    private var scanIndex = 0
    private var pendingResponse: BenchResponse?
    private var bodyBytesToSkip = 0

    static let maximumHeadBytes = 65_536

    public init() {
        buffer.reserveCapacity(4096)
    }

    /// Bytes of answers not returned yet (for the end-of-run accounting).
    public var hasPartialResponse: Bool { pendingResponse != nil || readIndex < buffer.count }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var bytes = bytes
        if bodyBytesToSkip > 0 {
            let skipped = min(bodyBytesToSkip, bytes.count)
            bodyBytesToSkip -= skipped
            bytes = UnsafeRawBufferPointer(rebasing: bytes[skipped...])
        }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
            scanIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next complete answer, or nil until more bytes arrive.
    public mutating func next() throws(BenchResponseError) -> BenchResponse? {
        while true {
            if let response = pendingResponse {
                guard bodyBytesToSkip == 0 else { return nil }
                pendingResponse = nil
                if (100...199).contains(response.status) { continue }
                return response
            }
            guard let headEnd = findHeadEnd() else {
                if buffer.count - readIndex > Self.maximumHeadBytes { throw .headTooLarge }
                return nil
            }
            let (response, contentLength) = try parseHead(from: readIndex, to: headEnd)
            readIndex = headEnd + 4
            let available = buffer.count - readIndex
            let skippedNow = min(available, contentLength)
            readIndex += skippedNow
            bodyBytesToSkip = contentLength - skippedNow
            scanIndex = readIndex
            pendingResponse = response
            if readIndex == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                readIndex = 0
                scanIndex = 0
            }
        }
    }

    /// The index of `\r\n\r\n` at or after `readIndex`, or nil.
    private mutating func findHeadEnd() -> Int? {
        let count = buffer.count
        guard count - readIndex >= 4 else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            var index = max(scanIndex, readIndex)
            while index + 3 < count {
                if bytes[index + 3] != 10 {
                    index += bytes[index + 3] == 13 ? 1 : 4
                    continue
                }
                if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13 { return index }
                index += 1
            }
            scanIndex = index
            return nil
        }
    }

    private func parseHead(from start: Int, to end: Int) throws(BenchResponseError) -> (BenchResponse, Int) {
        try buffer.withUnsafeBufferPointer { bytes throws(BenchResponseError) -> (BenchResponse, Int) in
            // "HTTP/1.1 200 OK"
            guard end - start >= 12, bytes[start] == 0x48, bytes[start + 1] == 0x54, bytes[start + 2] == 0x54,
                bytes[start + 3] == 0x50, bytes[start + 4] == 0x2F, bytes[start + 8] == 0x20
            else { throw .malformedStatusLine }
            var status = 0
            for index in (start + 9)..<(start + 12) {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { throw .malformedStatusLine }
                status = status * 10 + digit
            }
            var response = BenchResponse(status: status)
            var contentLength: Int?
            var lineStart = Self.indexAfterLine(bytes, from: start, end: end)
            while lineStart < end {
                let lineEnd = Self.lineEnd(bytes, from: lineStart, end: end)
                var colon = lineStart
                while colon < lineEnd, bytes[colon] != 0x3A { colon += 1 }
                guard colon < lineEnd, colon > lineStart else { throw .malformedHeader }
                var valueStart = colon + 1
                while valueStart < lineEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                var valueEnd = lineEnd
                while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 {
                    valueEnd -= 1
                }
                let name = UnsafeBufferPointer(rebasing: bytes[lineStart..<colon])
                let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                switch name.count {
                case 14 where Self.equalsLowercased(name, "content-length"):
                    guard !value.isEmpty, value.count <= 12 else { throw .invalidContentLength }
                    var length = 0
                    for byte in value {
                        let digit = Int(byte) - 48
                        guard (0...9).contains(digit) else { throw .invalidContentLength }
                        length = length * 10 + digit
                    }
                    contentLength = length
                case 19 where Self.equalsLowercased(name, "bigbunny-error-code"):
                    response.errorCode = String(decoding: value, as: UTF8.self)
                case 16 where Self.equalsLowercased(name, "bigbunny-lock-id"):
                    response.lockID = Array(value)
                case 10 where Self.equalsLowercased(name, "connection"):
                    response.closesConnection = Self.equalsLowercased(value, "close")
                case 17 where Self.equalsLowercased(name, "transfer-encoding"):
                    throw .unsupportedFraming
                default:
                    break
                }
                lineStart = lineEnd + 2
            }
            if let contentLength { return (response, contentLength) }
            // Answers that never have a body; anything else would be delimited by the close.
            guard (100...199).contains(status) || status == 204 || status == 304 else { throw .unsupportedFraming }
            return (response, 0)
        }
    }

    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var index = start
        while index + 1 < end, !(bytes[index] == 13 && bytes[index + 1] == 10) { index += 1 }
        return index + 1 < end ? index : end
    }

    private static func indexAfterLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        lineEnd(bytes, from: start, end: end) + 2
    }

    /// ASCII case-insensitive comparison with a lowercase literal.
    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }
}
