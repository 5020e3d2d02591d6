/// The seam between the pure core and the store-ID cryptography (`storeid.md`).
///
/// The core decides *when* an ID is minted or opened; an implementation decides *how*
/// (HKDF-SHA256 + AES-128-SIV in `BunnyCrypto`). Every failure to open is the same
/// `nil` so that callers cannot leak why an ID was refused.
public protocol StoreIdentityCipher {
    /// Seals `<shardID>:<uniqueID>` for `customerID` under the current key.
    /// Returns `nil` when an input fails validation (bad customer, shard, unique ID or site).
    func seal(shardID: String, uniqueID: String, customerID: String) -> String?

    /// Opens `storeID` for `customerID` with the node's own site.
    /// Returns the shard ID inside it, or `nil` for any failure (malformed, tampered, wrong
    /// customer, wrong site, unknown key).
    func open(storeID: String, customerID: String) -> String?
}
