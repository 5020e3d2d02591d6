import BunnyCore
import Crypto

/// The store-ID cipher of `storeid.md`: HKDF-SHA256 per-customer keys and AES-SIV.
///
/// A store ID is `v1:<keyID>:<payload>` where the payload is the unpadded base64url of
/// tag ‖ ciphertext (44 bytes, 59 characters) of the plaintext `<shardID>:<uniqueID>`, sealed
/// with the associated data `storeid:v1:<customerID>` under the key
/// `HKDF-SHA256(master, salt: none, info: "storeid:v1:enc:<site>:<customerID>", 32)`
/// (`storeid:v1:enc:<customerID>` when site verification is disabled).
///
/// Derived keys are cached per (key ID, customer), so only the first request of a customer
/// runs HKDF. All methods are safe to call concurrently. Every failure is `nil`.
public final class StoreIDCipher: StoreIdentityCipher, Sendable {
    /// Length of the base64url payload part: 44 bytes without padding.
    static let payloadCharacterCount = 59
    /// Length of the decoded payload: 16-byte tag + 28-byte ciphertext.
    static let payloadByteCount = AESSIV.tagByteCount + plaintextByteCount
    /// Length of `<shardID>:<uniqueID>`.
    static let plaintextByteCount = StoreIDSyntax.shardIDLength + 1 + StoreIDSyntax.uniqueIDLength
    /// Maximum length of the associated data `storeid:v1:<customerID>`.
    static let maximumAssociatedDataByteCount = associatedDataPrefix.count + StoreIDSyntax.maximumCustomerIDLength
    static let associatedDataPrefix = Array("storeid:v1:".utf8)
    static let versionPrefix = Array("v1:".utf8)
    /// Default bound on the number of cached derived keys.
    public static let defaultDerivedKeyCacheCapacity = 100_000

    /// The configured master keys.
    public let keyRing: StoreKeyRing
    /// The node's own site (`--site`), used both to seal and to open.
    public let site: String
    /// Whether the site is bound into the derived keys (`--disable-site-verification` clears it).
    public let siteVerification: Bool

    private let siteIsValid: Bool
    /// Key IDs as bytes, in `keyRing.keys` order, for allocation-free lookup while opening.
    private let keyIDBytes: [[UInt8]]
    private let masterKeys: [SymmetricKey]
    private let currentKeyIndex: Int
    /// `storeid:v1:enc:<site>:` or `storeid:v1:enc:`; the customer ID completes the HKDF info.
    private let derivationInfoPrefix: [UInt8]
    private let cipher: AESSIV
    private let cache: DerivedKeyCache

    /// - Parameters:
    ///   - keyRing: the master keys; new IDs use `keyRing.currentKeyID`.
    ///   - site: the node's site. An invalid site (not `^[a-z0-9-]{1,16}$`) is accepted here but
    ///     makes every `seal` and `open` fail, as in the reference.
    ///   - siteVerification: bind the site into the derived keys (the default).
    ///   - derivedKeyCacheCapacity: how many derived keys to keep before the cache is emptied.
    /// - Throws: `AESSIVError.cipherUnavailable` when OpenSSL lacks AES-SIV.
    public init(
        keyRing: StoreKeyRing,
        site: String,
        siteVerification: Bool = true,
        derivedKeyCacheCapacity: Int = StoreIDCipher.defaultDerivedKeyCacheCapacity
    ) throws(AESSIVError) {
        self.keyRing = keyRing
        self.site = site
        self.siteVerification = siteVerification
        siteIsValid = StoreIDSyntax.isValidSite(site.utf8)
        keyIDBytes = keyRing.keys.map { Array($0.id.utf8) }
        masterKeys = keyRing.keys.map { SymmetricKey(data: $0.bytes) }
        currentKeyIndex = keyRing.keys.firstIndex { $0.id == keyRing.currentKeyID }!
        derivationInfoPrefix = Array((siteVerification ? "storeid:v1:enc:\(site):" : "storeid:v1:enc:").utf8)
        cipher = try AESSIV()
        cache = DerivedKeyCache(capacity: derivedKeyCacheCapacity)
    }

    // MARK: - Sealing

    /// Seals `<shardID>:<uniqueID>` for `customerID` under the current key (`storeid.md` §6).
    /// Returns `nil` when the site, shard ID, unique ID or customer ID is invalid (checked in
    /// that order).
    public func seal(shardID: String, uniqueID: String, customerID: String) -> String? {
        guard siteIsValid,
              StoreIDSyntax.isValidShardID(shardID.utf8),
              StoreIDSyntax.isValidUniqueID(uniqueID.utf8),
              StoreIDSyntax.isValidCustomerID(customerID.utf8)
        else { return nil }

        let key = derivedKey(keyIndex: currentKeyIndex, customerID: customerID)
        let keyID = keyIDBytes[currentKeyIndex]
        let scratchCount = Self.plaintextByteCount + Self.maximumAssociatedDataByteCount + Self.payloadByteCount
        return withUnsafeTemporaryAllocation(byteCount: scratchCount, alignment: 1) { scratch -> String? in
            let plaintext = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Self.plaintextByteCount])
            var position = 0
            for byte in shardID.utf8 { plaintext[position] = byte; position += 1 }
            plaintext[position] = UInt8(ascii: ":"); position += 1
            for byte in uniqueID.utf8 { plaintext[position] = byte; position += 1 }

            let associatedDataStart = Self.plaintextByteCount
            let associatedDataCount = Self.writeAssociatedData(
                customerID: customerID,
                into: UnsafeMutableRawBufferPointer(rebasing: scratch[associatedDataStart...])
            )
            let associatedData = UnsafeRawBufferPointer(
                rebasing: scratch[associatedDataStart..<(associatedDataStart + associatedDataCount)]
            )
            let payloadStart = associatedDataStart + Self.maximumAssociatedDataByteCount
            let payload = UnsafeMutableRawBufferPointer(rebasing: scratch[payloadStart..<(payloadStart + Self.payloadByteCount)])

            let sealed = key.withUnsafeBytes { key in
                cipher.seal(key: key, associatedData: associatedData, plaintext: UnsafeRawBufferPointer(plaintext), into: payload)
            }
            guard sealed else { return nil }

            let length = Self.versionPrefix.count + keyID.count + 1 + Self.payloadCharacterCount
            return String(unsafeUninitializedCapacity: length) { output in
                var position = 0
                for byte in Self.versionPrefix { output[position] = byte; position += 1 }
                for byte in keyID { output[position] = byte; position += 1 }
                output[position] = UInt8(ascii: ":"); position += 1
                position += Base64URL.encode(
                    UnsafeRawBufferPointer(payload),
                    into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(output)[position...])
                )
                return position
            }
        }
    }

    // MARK: - Opening

    /// Opens `storeID` for `customerID` with the node's own site (`storeid.md` §7) and returns
    /// the shard ID inside it, or `nil` for any failure.
    ///
    /// The payload must be canonical unpadded base64url of exactly 59 characters: padding,
    /// CR/LF and non-zero unused trailing bits are all rejected (the reference tolerates the
    /// last three; since stores are indexed by the exact ID string those spellings could never
    /// name a store anyway).
    public func open(storeID: String, customerID: String) -> String? {
        guard siteIsValid, StoreIDSyntax.isValidCustomerID(customerID.utf8) else { return nil }
        var storeID = storeID
        return storeID.withUTF8 { text in
            open(UnsafeRawBufferPointer(text), customerID: customerID)
        }
    }

    private func open(_ text: UnsafeRawBufferPointer, customerID: String) -> String? {
        // Shape: "v1:" <keyID> ":" <59 characters>; the first ':' must directly follow "v1".
        let prefixCount = Self.versionPrefix.count
        guard text.count > prefixCount + 1 + Self.payloadCharacterCount,
              text[0] == UInt8(ascii: "v"), text[1] == UInt8(ascii: "1"), text[2] == UInt8(ascii: ":"),
              let secondColon = text[prefixCount...].firstIndex(of: UInt8(ascii: ":")),
              text.count - secondColon - 1 == Self.payloadCharacterCount
        else { return nil }

        let keyID = UnsafeRawBufferPointer(rebasing: text[prefixCount..<secondColon])
        guard StoreIDSyntax.isValidKeyID(keyID),
              let keyIndex = keyIDBytes.firstIndex(where: { $0.elementsEqual(keyID) })
        else { return nil }
        let encodedPayload = UnsafeRawBufferPointer(rebasing: text[(secondColon + 1)...])

        let scratchCount = Self.payloadByteCount + Self.plaintextByteCount + Self.maximumAssociatedDataByteCount
        return withUnsafeTemporaryAllocation(byteCount: scratchCount, alignment: 1) { scratch -> String? in
            let payload = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Self.payloadByteCount])
            guard Base64URL.decode(encodedPayload, into: payload) == Self.payloadByteCount else { return nil }

            let plaintextStart = Self.payloadByteCount
            let plaintext = UnsafeMutableRawBufferPointer(
                rebasing: scratch[plaintextStart..<(plaintextStart + Self.plaintextByteCount)]
            )
            let associatedDataStart = plaintextStart + Self.plaintextByteCount
            let associatedDataCount = Self.writeAssociatedData(
                customerID: customerID,
                into: UnsafeMutableRawBufferPointer(rebasing: scratch[associatedDataStart...])
            )
            let associatedData = UnsafeRawBufferPointer(
                rebasing: scratch[associatedDataStart..<(associatedDataStart + associatedDataCount)]
            )

            let key = derivedKey(keyIndex: keyIndex, customerID: customerID)
            let authentic = key.withUnsafeBytes { key in
                cipher.open(key: key, associatedData: associatedData, sealed: UnsafeRawBufferPointer(payload), into: plaintext)
            }
            guard authentic else { return nil }

            // The plaintext must be "<11-char shard ID>:<16-char unique ID>". Neither ID may
            // contain ':', so the separator at offset 11 is also the first ':'.
            let separator = StoreIDSyntax.shardIDLength
            let shardID = UnsafeRawBufferPointer(rebasing: plaintext[0..<separator])
            guard plaintext[separator] == UInt8(ascii: ":"),
                  StoreIDSyntax.isValidShardID(shardID),
                  StoreIDSyntax.isValidUniqueID(UnsafeRawBufferPointer(rebasing: plaintext[(separator + 1)...]))
            else { return nil }
            return String(decoding: shardID, as: UTF8.self)
        }
    }

    // MARK: - Keys

    /// Writes `storeid:v1:<customerID>` into `output` and returns its length.
    private static func writeAssociatedData(customerID: String, into output: UnsafeMutableRawBufferPointer) -> Int {
        var position = 0
        for byte in associatedDataPrefix { output[position] = byte; position += 1 }
        for byte in customerID.utf8 { output[position] = byte; position += 1 }
        return position
    }

    /// The HKDF info string for `customerID` (`storeid.md` §3).
    func derivationInfo(customerID: String) -> [UInt8] {
        derivationInfoPrefix + Array(customerID.utf8)
    }

    /// The derived key for the master key at `keyIndex` and `customerID`, from the cache when
    /// possible.
    private func derivedKey(keyIndex: Int, customerID: String) -> DerivedKey {
        cache.key(for: DerivedKeyCache.Key(keyIndex: keyIndex, customerID: customerID)) {
            let derived = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: masterKeys[keyIndex],
                salt: [UInt8](),
                info: derivationInfo(customerID: customerID),
                outputByteCount: AESSIV.keyByteCount
            )
            return derived.withUnsafeBytes { DerivedKey($0) }
        }
    }

    /// The derived key for `keyID` and `customerID`, or `nil` when the key is not configured.
    /// Exposed to tests to check the HKDF vectors.
    func derivedKeyBytes(keyID: String, customerID: String) -> [UInt8]? {
        guard let index = keyIDBytes.firstIndex(where: { $0.elementsEqual(keyID.utf8) }) else { return nil }
        return derivedKey(keyIndex: index, customerID: customerID).bytes
    }

    /// Number of derived keys currently cached (for tests and diagnostics).
    var cachedDerivedKeyCount: Int { cache.count }
}
