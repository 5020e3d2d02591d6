import Foundation
import TestSupport
import Testing
@testable import BunnyCrypto

/// The unpadded, canonical base64url codec.
@Suite struct Base64URLTests {
    @Test func rfc4648Vectors() {
        let cases: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in cases {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func matchesFoundationForRandomData() {
        var generator = SeededGenerator(seed: 42)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let encoded = Base64URL.encode(bytes)
            #expect(encoded == expected)
            #expect(encoded.utf8.count == Base64URL.encodedLength(ofByteCount: length))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(arguments: [
        "Z", "Zg=", "Zg==", "Zm9v=", "Zm+v", "Zm/v", "Zm9\n", "Zm 9", "Zm9vé", "Zh", "Zm9", "Zm8=", "A", "AAAAA",
    ])
    func rejectsNonCanonicalOrInvalidText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func canonicalityRoundTrip() {
        // Every 3-character text either fails or re-encodes to itself.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var accepted = 0
        for a in alphabet.prefix(4) {
            for b in alphabet {
                for c in alphabet {
                    let text = String([a, b, c])
                    if let bytes = Base64URL.decode(text) {
                        #expect(Base64URL.encode(bytes) == text)
                        accepted += 1
                    }
                }
            }
        }
        #expect(accepted == 4 * 64 * 16)
    }
}
