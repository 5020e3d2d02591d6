import NIOCore

/// Renders a whole peer request (request line, headers, body) into one buffer, for the
/// replication stream's `PrerenderedRequestEncoder`. The headers are the reference's, in its
/// order: `Host`, `Content-Length`, `Content-Type` (`application/json` on every reference
/// path), and `X-Internal-Token` when a token is configured.
enum PeerRequestWriter {
    static func renderPost(
        path: String, host: String, internalToken: String, contentType: String, body: [UInt8],
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(
            capacity: 128 + path.utf8.count + host.utf8.count + internalToken.utf8.count + body.count)
        buffer.writeStaticString("POST ")
        buffer.writeString(path)
        buffer.writeStaticString(" HTTP/1.1\r\nHost: ")
        buffer.writeString(host)
        buffer.writeStaticString("\r\nContent-Length: ")
        buffer.writeString(String(body.count))
        buffer.writeStaticString("\r\nContent-Type: ")
        buffer.writeString(contentType)
        buffer.writeStaticString("\r\n")
        if !internalToken.isEmpty {
            buffer.writeStaticString("X-Internal-Token: ")
            buffer.writeString(internalToken)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(body)
        return buffer
    }
}
