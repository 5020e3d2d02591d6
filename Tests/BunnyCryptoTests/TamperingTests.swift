import Testing
@testable import BunnyCrypto

/// Malformed and tampered store IDs must all fail to open.
@Suite struct TamperingTests {
    static let valid = "v1:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw"
    static let customer = "customer123"

    let cipher: StoreIDCipher

    init() throws {
        cipher = try TestSupport.cipher(site: "local")
    }

    @Test func validIDOpens() {
        #expect(cipher.open(storeID: Self.valid, customerID: Self.customer) == "abcdefghijk")
    }

    @Test func everyFlippedPayloadBitFails() throws {
        let raw = try #require(Base64URL.decode(String(Self.valid.dropFirst(5))))
        #expect(raw.count == 44)
        for position in raw.indices {
            for bit in [0, 3, 7] {
                var tampered = raw
                tampered[position] ^= UInt8(1 << bit)
                let storeID = "v1:0:" + Base64URL.encode(tampered)
                #expect(cipher.open(storeID: storeID, customerID: Self.customer) == nil, "byte \(position) bit \(bit)")
            }
        }
    }

    @Test func everyReplacedCharacterFails() {
        let characters = Array(Self.valid)
        for position in characters.indices {
            for replacement in ["A", "_", "-", "0", "v", ":"] as [Character] where replacement != characters[position] {
                var tampered = characters
                tampered[position] = replacement
                #expect(
                    cipher.open(storeID: String(tampered), customerID: Self.customer) == nil,
                    "position \(position) → \(replacement)")
            }
        }
    }

    @Test func truncationFails() {
        var truncated = Self.valid
        while !truncated.isEmpty {
            truncated.removeLast()
            #expect(cipher.open(storeID: truncated, customerID: Self.customer) == nil, "\(truncated)")
        }
    }

    @Test(arguments: [
        valid + "A", valid + "AAAA", valid + "=", valid + "==", valid + "\n", valid + "\r\n", valid + " ",
        " " + valid, "x" + valid, valid + ":", valid + ":x",
    ])
    func extraCharactersFail(storeID: String) {
        #expect(cipher.open(storeID: storeID, customerID: Self.customer) == nil)
    }

    @Test func paddingAndWrongAlphabetFail() {
        let payload = String(Self.valid.dropFirst(5))
        let withoutLast = String(payload.dropLast())
        #expect(cipher.open(storeID: "v1:0:" + withoutLast + "=", customerID: Self.customer) == nil)
        // Standard base64 alphabet ('+' and '/') instead of base64url ('-' and '_').
        let standard = payload.map { $0 == "_" ? "/" : $0 == "-" ? "+" : $0 }
        #expect(cipher.open(storeID: "v1:0:" + String(standard), customerID: Self.customer) == nil)
        // A CR/LF inside the payload (the reference skips those; we do not).
        let index = payload.index(payload.startIndex, offsetBy: 20)
        var withNewline = payload
        withNewline.insert("\n", at: index)
        #expect(cipher.open(storeID: "v1:0:" + withNewline, customerID: Self.customer) == nil)
        // Non-ASCII characters.
        #expect(cipher.open(storeID: "v1:0:" + String(payload.dropLast()) + "é", customerID: Self.customer) == nil)
    }

    @Test func nonCanonicalTrailingBitsFail() throws {
        // The last character 'w' (48) carries two unused bits: 'x', 'y', 'z' decode to the same
        // bytes in a lenient decoder. They are rejected.
        #expect(Self.valid.last == "w")
        for last in ["x", "y", "z"] {
            let spelling = String(Self.valid.dropLast()) + last
            #expect(cipher.open(storeID: spelling, customerID: Self.customer) == nil, "\(spelling)")
        }
    }

    @Test(arguments: [
        "", ":", "::", ":::", "v1", "v1:", "v1:0", "v1:0:", "v1::", "v1::x",
        "v1::zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "v1:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "V1:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "v10:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        ":v1:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "v1:00:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "v1:0:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECN",
        "v1:abcdefghijklmnopq:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw",
        "v1:0:" + String(repeating: "A", count: 59),
        "v1:0:" + String(repeating: "A", count: 60),
        "v1:0:" + String(repeating: "A", count: 58),
    ])
    func malformedIDsFail(storeID: String) {
        #expect(cipher.open(storeID: storeID, customerID: Self.customer) == nil)
    }

    @Test(arguments: [
        "", "a b", "customer123 ", "Customer123", "customer123\n", String(repeating: "a", count: 65), "kunde-ä",
    ])
    func otherOrInvalidCustomersFail(customer: String) {
        #expect(cipher.open(storeID: Self.valid, customerID: customer) == nil)
    }

    @Test func invalidOwnSiteFailsEverything() throws {
        for site in ["", "Local", "local_1", "a.b", String(repeating: "a", count: 17)] {
            let cipher = try TestSupport.cipher(site: site)
            #expect(cipher.open(storeID: Self.valid, customerID: Self.customer) == nil, "\(site)")
            #expect(
                cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: Self.customer) == nil,
                "\(site)")
        }
    }
}
