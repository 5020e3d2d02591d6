import BunnyWire
import Foundation
import Testing

@Suite("Standard base64")
struct StandardBase64Tests {
    /// RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(StandardBase64.encode(Array(plain.utf8)) == encoded)
        #expect(try StandardBase64.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesPlusAndSlash() throws {
        #expect(StandardBase64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(StandardBase64.encode([0xFF]) == "/w==")
        #expect(try StandardBase64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test func everyByteValueRoundTrips() throws {
        let bytes = (0...255).map { UInt8($0) }
        let encoded = StandardBase64.encode(bytes)
        #expect(encoded == Data(bytes).base64EncodedString())
        #expect(try StandardBase64.decode(encoded) == bytes)
    }

    @Test func randomInputsMatchFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = StandardBase64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(encoded.utf8.count == StandardBase64.encodedLength(of: length))
            #expect(try StandardBase64.decode(encoded) == bytes)
            #expect(try StandardBase64.decode(bytes: Array(encoded.utf8)) == bytes)
        }
    }

    @Test func largestStoreBodyFitsTheDocumentedLength() {
        #expect(StandardBase64.encodedLength(of: 2048) == 2732)
        #expect(StandardBase64.encode([UInt8](repeating: 7, count: 2048)).utf8.count == 2732)
    }

    @Test func appendKeepsExistingBytes() {
        var output = Array("x=".utf8)
        StandardBase64.append(Array("hi".utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "x=aGk=")
    }

    @Test(arguments: [
        "Zg=", "Zg", "Z", "Z===", "====", "Zg==Zg==", "Zm9vYg=a", "Zm=v", "Zm 9v", "Zm9v\n", "\nZm9v", "Zm9v\r\n",
        "Zm-v", "Zm_v", "Zm9v=", "Zm9v====", "Zh==", "Zm9=", "aGVsbG9=", "Zm9vYg", "Zm9*", "Zm9é",
    ])
    func invalidInputIsRejected(text: String) {
        #expect(throws: StandardBase64Error.self, "\(text.debugDescription) was accepted") {
            try StandardBase64.decode(text)
        }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try StandardBase64.decode("Zm9v*m9v")
            Issue.record("accepted")
        } catch {
            #expect(error.offset == 4)
            #expect(error.description == "invalid base64 at byte 4: illegal character")
        }
    }
}
