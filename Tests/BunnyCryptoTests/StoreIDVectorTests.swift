import Foundation
import Testing
@testable import BunnyCrypto

/// The test vectors of `storeid.md` §9.
@Suite struct StoreIDVectorTests {
    @Test func vector1DevKeySiteLocal() throws {
        let cipher = try TestSupport.cipher(site: "local")
        #expect(
            TestSupport.hex(cipher.derivationInfo(customerID: "customer123"))
                == TestSupport.hex(Array("storeid:v1:enc:local:customer123".utf8)))
        let derived = try #require(cipher.derivedKeyBytes(keyID: "0", customerID: "customer123"))
        #expect(TestSupport.hex(derived) == "18fa4ae3df419d35f3662a7e8310059830ba2b4b37aa854757da909cd756051e")

        let sealed = try #require(
            AESSIV().seal(
                key: derived, associatedData: Array("storeid:v1:customer123".utf8),
                plaintext: Array("abcdefghijk:1234567890abcdef".utf8))
        )
        #expect(TestSupport.hex(sealed.prefix(16)) == "cc2dcd4728cfc72c250da17f1b02f12f")
        #expect(TestSupport.hex(sealed.dropFirst(16)) == "62eb2eb4baf72a446a94756bd2fc5fabc3b6ed30a681f3b7410236ec")

        let storeID = try #require(
            cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: "customer123"))
        #expect(storeID == "v1:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw")
        #expect(storeID.utf8.count == 64)
        #expect(cipher.open(storeID: storeID, customerID: "customer123") == "abcdefghijk")
    }

    @Test func vector2DevKeySiteNyc01() throws {
        let cipher = try TestSupport.cipher(site: "nyc01")
        let derived = try #require(cipher.derivedKeyBytes(keyID: "0", customerID: "acme-corp"))
        #expect(TestSupport.hex(derived) == "72ac25ce71c151e1419c7fd2473d44e5a50587f0a9ef9e90f379194a93048e7a")
        let storeID = try #require(
            cipher.seal(shardID: "AAAAAAAAAAA", uniqueID: "BBBBBBBBBBBBBBBB", customerID: "acme-corp"))
        #expect(storeID == "v1:0:V1bY2H6xg5-HZSeGgIw1ygLYn_Bi7Nm2Li9S1EZvYbIH8jkX-HO0DaPnD2M")
        let raw = try #require(Base64URL.decode(String(storeID.dropFirst(5))))
        #expect(
            TestSupport.hex(raw)
                == "5756d8d87eb1839f87652786808c35ca02d89ff062ecd9b62e2f52d4466f61b207f23917f873b40da3e70f63")
        #expect(cipher.open(storeID: storeID, customerID: "acme-corp") == "AAAAAAAAAAA")
    }

    @Test func vector3SiteVerificationDisabled() throws {
        let cipher = try TestSupport.cipher(site: "nyc01", siteVerification: false)
        #expect(
            String(decoding: cipher.derivationInfo(customerID: "acme-corp"), as: UTF8.self)
                == "storeid:v1:enc:acme-corp")
        let derived = try #require(cipher.derivedKeyBytes(keyID: "0", customerID: "acme-corp"))
        #expect(TestSupport.hex(derived) == "6a3930cae65085b88cfbd894f2452f78e9c940e6a4ad1d39cae06f2d9980c1ab")
        let storeID = try #require(
            cipher.seal(shardID: "AAAAAAAAAAA", uniqueID: "BBBBBBBBBBBBBBBB", customerID: "acme-corp"))
        #expect(storeID == "v1:0:YV_j40988ZiLxO0lmZxFjuGTkckhtTRWEsrWO7jdmxEpYyXfK60s7fFGe_0")
        let raw = try #require(Base64URL.decode(String(storeID.dropFirst(5))))
        #expect(
            TestSupport.hex(raw)
                == "615fe3e34f7cf1988bc4ed25999c458ee19391c921b5345612cad63bb8dd9b11296325df2bad2cedf1467bfd")
    }

    @Test(arguments: ["nyc01", "local", "site-b", "a", "0123456789abcdef"])
    func vector3OpensUnderAnySite(site: String) throws {
        let cipher = try TestSupport.cipher(site: site, siteVerification: false)
        #expect(
            cipher.open(
                storeID: "v1:0:YV_j40988ZiLxO0lmZxFjuGTkckhtTRWEsrWO7jdmxEpYyXfK60s7fFGe_0", customerID: "acme-corp")
                == "AAAAAAAAAAA")
        // With verification enabled the same ID is bound to no site at all and fails.
        let verifying = try TestSupport.cipher(site: site, siteVerification: true)
        #expect(
            verifying.open(
                storeID: "v1:0:YV_j40988ZiLxO0lmZxFjuGTkckhtTRWEsrWO7jdmxEpYyXfK60s7fFGe_0", customerID: "acme-corp")
                == nil)
    }

    @Test func vector4TwoKeysGreatestIDIsCurrent() throws {
        let keys = "0:\(TestSupport.devKeyHex),2024q2:\(TestSupport.key2024q2Hex)"
        let cipher = try TestSupport.cipher(keys: keys, site: "local")
        #expect(cipher.keyRing.currentKeyID == "2024q2")
        #expect(
            String(decoding: cipher.derivationInfo(customerID: "tenant_42"), as: UTF8.self)
                == "storeid:v1:enc:local:tenant_42")
        let derived = try #require(cipher.derivedKeyBytes(keyID: "2024q2", customerID: "tenant_42"))
        #expect(TestSupport.hex(derived) == "a9bcfc90e80141f879860a266fc525a6a01be1327152c42490f5234e76085ead")
        let storeID = try #require(
            cipher.seal(shardID: "Zm9vYmFyYmF", uniqueID: "c2Vzc2lvbi0wMDAx", customerID: "tenant_42"))
        #expect(storeID == "v1:2024q2:P3rkD04b8sfbi2nvZQLZHES2GZbVLbwRxucIdSnITVa5Z57NEOfXawo7sKc")
        #expect(storeID.utf8.count == 69)
        let raw = try #require(Base64URL.decode(String(storeID.dropFirst(10))))
        #expect(
            TestSupport.hex(raw)
                == "3f7ae40f4e1bf2c7db8b69ef6502d91c44b61996d52dbc11c6e7087529c84d56b9679ecd10e7d76b0a3bb0a7")
        #expect(cipher.open(storeID: storeID, customerID: "tenant_42") == "Zm9vYmFyYmF")
    }

    static let vector1 = "v1:0:zC3NRyjPxywlDaF_GwLxL2LrLrS69ypEapR1a9L8X6vDtu0wpoHzt0ECNuw"

    @Test func negativeChecksOfVector1() throws {
        let local = try TestSupport.cipher(site: "local")
        #expect(local.open(storeID: Self.vector1, customerID: "customer123") == "abcdefghijk")
        #expect(local.open(storeID: Self.vector1, customerID: "customer2") == nil)
        #expect(try TestSupport.cipher(site: "site-b").open(storeID: Self.vector1, customerID: "customer123") == nil)
        let keyX = Self.vector1.replacingOccurrences(of: "v1:0:", with: "v1:x:")
        #expect(local.open(storeID: keyX, customerID: "customer123") == nil)
        let version2 = Self.vector1.replacingOccurrences(of: "v1:0:", with: "v2:0:")
        #expect(local.open(storeID: version2, customerID: "customer123") == nil)
    }
}
