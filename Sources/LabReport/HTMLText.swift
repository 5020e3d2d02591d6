/// Escaping for text placed in HTML and SVG, in element content and in quoted attributes.
/// Every string that comes from a run (node names, parameters, checker text, error codes) goes
/// through here, so a hostile name such as `<script>` shows as text.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and newline
    /// are dropped (they are not allowed in XML, and the SVG is XML).
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Reverses ``escape(_:)`` (the five entities it writes).
    public static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        let entities = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'"]
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            rest = rest[ampersand...]
            if let entity = entities.first(where: { rest.hasPrefix($0.key) }) {
                output += entity.value
                rest = rest.dropFirst(entity.key.count)
            } else {
                output += "&"
                rest = rest.dropFirst()
            }
        }
        return output + rest
    }

    /// A relative link to `name/file`, with the folder name percent-encoded as one path segment
    /// (so spaces, `#`, `?` or `..` tricks in a folder name cannot change where it points).
    public static func relativeLink(folder name: String, file: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in name.utf8 {
            if unreserved.contains(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        // A segment of only dots would climb out of the parent folder.
        if bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) {
            bytes = bytes.flatMap { _ in Array("%2E".utf8) }
        }
        return String(decoding: bytes, as: UTF8.self) + "/" + file
    }
}
