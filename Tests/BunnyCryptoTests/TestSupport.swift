import Foundation
@testable import BunnyCrypto

/// Helpers shared by the BunnyCrypto tests.
enum TestSupport {
    static let devKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    static let key2024q2Hex = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func cipher(
        keys: String = "dev",
        current: String = "",
        site: String = "local",
        siteVerification: Bool = true
    ) throws -> StoreIDCipher {
        try StoreIDCipher(
            keyRing: StoreKeyRing(storeKeys: keys, currentKeyID: current),
            site: site,
            siteVerification: siteVerification
        )
    }

    /// `shared/` lives beside the repository: `<repo>/../shared`. Located from this source file
    /// so the tests work from any checkout (`<repo>/Tests/BunnyCryptoTests/TestSupport.swift`).
    static let sharedDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BunnyCryptoTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()  // parent of the repository
        .appendingPathComponent("shared")
}
