import Testing
@testable import BunnyCrypto

/// Parsing of `--store-keys` / `--store-key-current` (`storeid.md` §2).
@Suite struct StoreKeyRingTests {
    static let keyA = String(repeating: "a", count: 64)
    static let keyB = String(repeating: "b", count: 64)

    @Test(arguments: ["dev", " dev ", "\tdev\n"])
    func devKeySet(value: String) throws {
        let ring = try StoreKeyRing(storeKeys: value, currentKeyID: "ignored-anyway")
        #expect(ring.isDevelopmentKeySet)
        #expect(ring.keys.map(\.id) == ["0"])
        #expect(ring.currentKeyID == "0")
        #expect(ring.currentKey.bytes == Array(0...31))
        #expect(ring == .development)
    }

    @Test func devIsCaseSensitiveAndNotAnItem() {
        #expect(throws: StoreKeyRingError.missingSeparator(item: 1)) { try StoreKeyRing(storeKeys: "DEV") }
        #expect(throws: StoreKeyRingError.missingSeparator(item: 1)) {
            try StoreKeyRing(storeKeys: "dev,0:\(Self.keyA)")
        }
    }

    @Test func explicitDevKeyIsNotTheDevSet() throws {
        let ring = try StoreKeyRing(storeKeys: "0:\(TestSupport.devKeyHex)")
        #expect(!ring.isDevelopmentKeySet)
        #expect(ring.currentKey.bytes == StoreKeyRing.development.currentKey.bytes)
    }

    @Test func greatestKeyIDIsCurrentByByteOrder() throws {
        #expect(try StoreKeyRing(storeKeys: "9:\(Self.keyA),10:\(Self.keyB)").currentKeyID == "9")
        #expect(try StoreKeyRing(storeKeys: "10:\(Self.keyA),9:\(Self.keyB)").currentKeyID == "9")
        #expect(try StoreKeyRing(storeKeys: "0:\(Self.keyA),2024q2:\(Self.keyB)").currentKeyID == "2024q2")
        #expect(try StoreKeyRing(storeKeys: "a:\(Self.keyA),a-b:\(Self.keyB),a_b:\(Self.keyB)").currentKeyID == "a_b")
        let ring = try StoreKeyRing(storeKeys: "b:\(Self.keyA),a:\(Self.keyB),c:\(Self.keyA)")
        #expect(ring.keys.map(\.id) == ["a", "b", "c"])
        #expect(ring.currentKeyID == "c")
    }

    @Test func explicitCurrentKey() throws {
        let ring = try StoreKeyRing(storeKeys: "9:\(Self.keyA),10:\(Self.keyB)", currentKeyID: " 10 ")
        #expect(ring.currentKeyID == "10")
        #expect(ring.currentKey.bytes == Array(repeating: 0xbb, count: 32))
        // Whitespace-only means "not given".
        #expect(try StoreKeyRing(storeKeys: "9:\(Self.keyA),10:\(Self.keyB)", currentKeyID: "  ").currentKeyID == "9")
    }

    @Test func unknownOrInvalidCurrentKey() {
        #expect(throws: StoreKeyRingError.unknownCurrentKeyID("x", configured: ["10", "9"])) {
            try StoreKeyRing(storeKeys: "9:\(Self.keyA),10:\(Self.keyB)", currentKeyID: "x")
        }
        #expect(throws: StoreKeyRingError.invalidCurrentKeyID("X")) {
            try StoreKeyRing(storeKeys: "9:\(Self.keyA)", currentKeyID: "X")
        }
        #expect(throws: StoreKeyRingError.invalidCurrentKeyID(nil)) {
            try StoreKeyRing(storeKeys: "9:\(Self.keyA)", currentKeyID: String(repeating: "a", count: 17))
        }
    }

    @Test func hexOfEitherCase() throws {
        let upper = try StoreKeyRing(storeKeys: "k:" + TestSupport.key2024q2Hex.uppercased())
        let lower = try StoreKeyRing(storeKeys: "k:" + TestSupport.key2024q2Hex)
        #expect(upper.currentKey.bytes == lower.currentKey.bytes)
        #expect(lower.currentKey.bytes == TestSupport.bytes(hex: TestSupport.key2024q2Hex))
    }

    @Test func badHexAndWrongLength() {
        #expect(throws: StoreKeyRingError.invalidKeyLength(keyID: "abc", characterCount: 10)) {
            try StoreKeyRing(storeKeys: "abc:0123456789")
        }
        #expect(throws: StoreKeyRingError.invalidKeyLength(keyID: "abc", characterCount: 66)) {
            try StoreKeyRing(storeKeys: "abc:\(Self.keyA)00")
        }
        #expect(throws: StoreKeyRingError.invalidKeyLength(keyID: "abc", characterCount: 0)) {
            try StoreKeyRing(storeKeys: "abc:")
        }
        #expect(throws: StoreKeyRingError.invalidHexDigits(keyID: "abc")) {
            try StoreKeyRing(storeKeys: "abc:" + String(repeating: "g", count: 64))
        }
        #expect(throws: StoreKeyRingError.invalidHexDigits(keyID: "abc")) {
            try StoreKeyRing(storeKeys: "abc:" + String(repeating: "a", count: 62) + " a")
        }
    }

    @Test func badKeyIDs() {
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: "ABC")) {
            try StoreKeyRing(storeKeys: "ABC:\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: "Key1")) {
            try StoreKeyRing(storeKeys: "Key1:\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: "")) {
            try StoreKeyRing(storeKeys: ":\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: "-a")) {
            try StoreKeyRing(storeKeys: "-a:\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: "_a")) {
            try StoreKeyRing(storeKeys: "_a:\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 2, keyID: "a b")) {
            try StoreKeyRing(storeKeys: "a:\(Self.keyA),a b:\(Self.keyA)")
        }
        #expect(throws: StoreKeyRingError.invalidKeyID(item: 1, keyID: nil)) {
            try StoreKeyRing(storeKeys: String(repeating: "a", count: 17) + ":\(Self.keyA)")
        }
        // 16 characters is the maximum.
        #expect(throws: Never.self) { try StoreKeyRing(storeKeys: "0123456789abcdef:\(Self.keyA)") }
        #expect(throws: Never.self) { try StoreKeyRing(storeKeys: "a-_9:\(Self.keyA)") }
    }

    @Test(arguments: ["", " ", "\n\t", ",", " , ,, "])
    func emptyValues(value: String) {
        #expect(throws: StoreKeyRingError.noKeys) { try StoreKeyRing(storeKeys: value) }
    }

    @Test func itemsAreTrimmedAndEmptyItemsSkipped() throws {
        let ring = try StoreKeyRing(storeKeys: " , a:\(Self.keyA) ,,\n b:\(Self.keyB)\t,")
        #expect(ring.keys.map(\.id) == ["a", "b"])
        #expect(throws: StoreKeyRingError.missingSeparator(item: 3)) {
            try StoreKeyRing(storeKeys: "a:\(Self.keyA),,\(Self.keyB)")
        }
    }

    @Test func splitsAtFirstColonOnly() {
        // "a:b:<hex>" → key ID "a", key "b:<hex>" which is not valid hex of the right length.
        #expect(throws: StoreKeyRingError.invalidKeyLength(keyID: "a", characterCount: 66)) {
            try StoreKeyRing(storeKeys: "a:b:\(Self.keyA)")
        }
    }

    @Test func laterDuplicatesOverwrite() throws {
        let ring = try StoreKeyRing(storeKeys: "a:\(Self.keyA),b:\(Self.keyA),a:\(Self.keyB)")
        #expect(ring.keys.map(\.id) == ["a", "b"])
        #expect(ring.key(withID: "a")?.bytes == Array(repeating: 0xbb, count: 32))
        #expect(ring.key(withID: "b")?.bytes == Array(repeating: 0xaa, count: 32))
    }

    @Test func messagesAreClearAndNeverShowKeyBytes() {
        #expect(
            StoreKeyRingError.invalidKeyLength(keyID: "abc", characterCount: 10).description
                == "store key \"abc\": key bytes must be 64 hex characters (32 bytes), got 10")
        let secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        // A key pasted without its ID: the message must not echo it.
        for value in [secret, "\(secret):\(secret)", "a:\(secret)zz", "a:\(secret.dropLast(2))zz"] {
            do {
                _ = try StoreKeyRing(storeKeys: value)
                Issue.record("expected an error for \(value.count) characters")
            } catch {
                #expect(!error.description.contains("0123456789abcdef0"), "\(error)")
                #expect(!error.description.isEmpty)
            }
        }
        let ring = try? StoreKeyRing(storeKeys: "a:\(secret)")
        #expect(ring.map { String(describing: $0) } == "StoreKeyRing(keys: [\"a\"], current: \"a\")")
        #expect(ring.map { String(describing: $0.currentKey).contains("0123") } == false)
        #expect(ring.map { String(reflecting: $0.currentKey).contains("0123") } == false)
        #expect(
            StoreKeyRingError.unknownCurrentKeyID("x", configured: ["0", "2024q2"]).description
                == "--store-key-current \"x\" names no configured store key (configured: \"0\", \"2024q2\")")
    }
}
