import BunnyCrypto
import FuzzSupport

/// Store-ID parsing and opening (`storeid.md`), and the `--store-keys` parser.
///
/// Input: `<store ID>\n<customer ID>\n<current key ID>`. Invariants:
/// * opening never traps; what opens yields an 11-character base64url shard ID, and the same
///   text does not open for another customer, nor at another site;
/// * a valid shard ID, unique ID and customer ID (derived from the input) seal to
///   `v1:<current key>:<59 characters>`, which opens to the same shard ID, and to nothing once
///   any one payload character is changed;
/// * `Base64URL` decodes only canonical text: decoding then encoding gives the input back;
/// * a key ring that parses has its keys sorted by ID, 32 bytes each, and a configured
///   current key.
enum StoreIDFuzzTarget {
    /// The development key `0` (so the spec's vector IDs open) and a second key `k2`, current.
    static let keyRing = try! StoreKeyRing(
        storeKeys: "0:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,"
            + "k2:f0e0d0c0b0a090807060504030201000ffeeddccbbaa99887766554433221100",
        currentKeyID: "k2")
    static let cipher = try! StoreIDCipher(keyRing: keyRing, site: "local")
    static let otherSiteCipher = try! StoreIDCipher(keyRing: keyRing, site: "nyc01")
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let lines = FuzzInputLines(bytes, maximumFields: 3)
        let storeID = lines[0]
        let customerID = lines.fields.count > 1 ? lines[1] : "acme-corp"
        checkOpening(storeID: storeID, customerID: customerID)
        checkSealing(bytes, customerID: customerID)
        checkBase64URL(storeID)
        checkKeyRing(storeKeys: storeID, currentKeyID: lines[2])
    }

    static func checkOpening(storeID: String, customerID: String) {
        guard let shardID = cipher.open(storeID: storeID, customerID: customerID) else { return }
        FuzzInvariant.require(
            shardID.utf8.count == 11 && shardID.utf8.allSatisfy(alphabet.contains),
            "opened shard ID \(shardID) is not 11 base64url characters")
        let otherCustomer = customerID == "globex" ? "initech" : "globex"
        FuzzInvariant.require(
            cipher.open(storeID: storeID, customerID: otherCustomer) == nil,
            "\(storeID) opens for both \(customerID) and \(otherCustomer)")
        FuzzInvariant.require(
            otherSiteCipher.open(storeID: storeID, customerID: customerID) == nil,
            "\(storeID) opens at another site")
    }

    static func checkSealing(_ bytes: UnsafeRawBufferPointer, customerID: String) {
        // 27 alphabet characters from the input bytes (cycled; zeros when empty).
        let characters = (0..<27).map { index in
            alphabet[bytes.isEmpty ? 0 : Int(bytes[index % bytes.count]) % 64]
        }
        let shardID = String(decoding: characters[0..<11], as: UTF8.self)
        let uniqueID = String(decoding: characters[11...], as: UTF8.self)
        let customerIsValid =
            (1...64).contains(customerID.utf8.count) && customerID.utf8.allSatisfy(alphabet.contains)
        let sealed = cipher.seal(shardID: shardID, uniqueID: uniqueID, customerID: customerID)
        FuzzInvariant.require(
            (sealed != nil) == customerIsValid,
            "seal for customer \(customerID) gave \(sealed ?? "nil"), customer valid: \(customerIsValid)")
        guard let sealed else { return }
        FuzzInvariant.require(
            sealed.hasPrefix("v1:k2:") && sealed.utf8.count == 6 + 59, "sealed ID \(sealed) has the wrong shape")
        FuzzInvariant.require(
            cipher.open(storeID: sealed, customerID: customerID) == shardID,
            "\(sealed) does not open back to \(shardID) for \(customerID)")

        // Change one payload character to another alphabet character: the ID must not open.
        var tampered = Array(sealed.utf8)
        let position = 6 + (bytes.isEmpty ? 0 : Int(bytes[bytes.count - 1]) % 59)
        let current = alphabet.firstIndex(of: tampered[position])!
        tampered[position] = alphabet[(current + 1 + (bytes.count % 63)) % 64]
        let tamperedID = String(decoding: tampered, as: UTF8.self)
        FuzzInvariant.require(
            cipher.open(storeID: tamperedID, customerID: customerID) == nil, "tampered \(tamperedID) still opens")
    }

    static func checkBase64URL(_ text: String) {
        guard let decoded = Base64URL.decode(text) else { return }
        FuzzInvariant.require(Base64URL.encode(decoded) == text, "\(text) is not canonical base64url but decodes")
    }

    static func checkKeyRing(storeKeys: String, currentKeyID: String) {
        guard let ring = try? StoreKeyRing(storeKeys: storeKeys, currentKeyID: currentKeyID) else { return }
        FuzzInvariant.require(!ring.keys.isEmpty, "a key ring without keys parsed from \(storeKeys)")
        FuzzInvariant.require(ring.key(withID: ring.currentKeyID) != nil, "current key \(ring.currentKeyID) missing")
        FuzzInvariant.require(ring.keys.allSatisfy { $0.bytes.count == 32 }, "a key is not 32 bytes")
        let ids = ring.keys.map(\.id)
        FuzzInvariant.require(
            zip(ids, ids.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) },
            "key IDs \(ids) not sorted and distinct")
    }
}
