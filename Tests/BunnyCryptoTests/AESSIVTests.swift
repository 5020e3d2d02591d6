import Testing
@testable import BunnyCrypto

/// The OpenSSL-backed AES-SIV primitive.
@Suite struct AESSIVTests {
    let siv: AESSIV

    init() throws {
        siv = try AESSIV()
    }

    /// RFC 5297 Appendix A.1 (deterministic authenticated encryption).
    @Test func rfc5297DeterministicVector() throws {
        let key = TestSupport.bytes(hex: "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
        let associatedData = TestSupport.bytes(hex: "101112131415161718191a1b1c1d1e1f2021222324252627")
        let plaintext = TestSupport.bytes(hex: "112233445566778899aabbccddee")
        let sealed = try #require(siv.seal(key: key, associatedData: associatedData, plaintext: plaintext))
        #expect(TestSupport.hex(sealed) == "85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c")
        #expect(siv.open(key: key, associatedData: associatedData, sealed: sealed) == plaintext)
    }

    @Test func tamperingAndWrongInputsFail() throws {
        let key = Array(0..<32).map(UInt8.init)
        let associatedData = Array("ad".utf8)
        let plaintext = Array("hello, world".utf8)
        let sealed = try #require(siv.seal(key: key, associatedData: associatedData, plaintext: plaintext))
        #expect(sealed.count == 16 + plaintext.count)
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(siv.open(key: key, associatedData: associatedData, sealed: tampered) == nil, "byte \(index)")
        }
        var otherKey = key
        otherKey[31] ^= 1
        #expect(siv.open(key: otherKey, associatedData: associatedData, sealed: sealed) == nil)
        #expect(siv.open(key: key, associatedData: Array("ae".utf8), sealed: sealed) == nil)
        #expect(siv.open(key: key, associatedData: associatedData, sealed: Array(sealed.dropLast())) == nil)
        #expect(siv.open(key: key, associatedData: associatedData, sealed: Array(sealed.prefix(16))) == nil)
        #expect(siv.open(key: key, associatedData: associatedData, sealed: []) == nil)
    }

    @Test func refusedInputs() {
        let key = [UInt8](repeating: 7, count: 32)
        #expect(siv.seal(key: key, associatedData: [1], plaintext: []) == nil)
        #expect(siv.seal(key: key, associatedData: [], plaintext: [1]) == nil)
        #expect(siv.seal(key: Array(key.prefix(16)), associatedData: [1], plaintext: [1]) == nil)
        #expect(siv.seal(key: key + [0], associatedData: [1], plaintext: [1]) == nil)
    }

    @Test func deterministicAndReusableAcrossMessages() throws {
        let key = [UInt8](repeating: 9, count: 32)
        var previous: [UInt8]?
        for length in 1...80 {
            let plaintext = [UInt8](repeating: UInt8(length), count: length)
            let first = try #require(siv.seal(key: key, associatedData: [1, 2, 3], plaintext: plaintext))
            let second = try #require(siv.seal(key: key, associatedData: [1, 2, 3], plaintext: plaintext))
            #expect(first == second)
            #expect(first != previous)
            #expect(siv.open(key: key, associatedData: [1, 2, 3], sealed: first) == plaintext)
            previous = first
        }
    }
}
