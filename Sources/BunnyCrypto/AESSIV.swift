import COpenSSL

/// Why the AES-SIV cipher could not be set up.
public enum AESSIVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// OpenSSL does not provide `AES-128-SIV` (needs OpenSSL 3.0 or later with the default provider).
    case cipherUnavailable

    public var description: String {
        switch self {
        case .cipherUnavailable:
            return "OpenSSL does not provide the AES-128-SIV cipher (OpenSSL 3.0+ with the default provider is required)"
        }
    }
}

/// Deterministic AES-SIV (RFC 5297) with a 32-byte key (`AES-128-SIV` in OpenSSL: the first
/// 16 bytes key S2V/CMAC, the last 16 bytes key CTR), through OpenSSL's EVP interface.
///
/// The S2V vector is exactly one associated-data string followed by the plaintext; there is no
/// nonce. Sealed output is the 16-byte synthetic IV (the tag) followed by the ciphertext, which
/// is as long as the plaintext.
///
/// The `EVP_CIPHER` is fetched once and shared (OpenSSL documents fetched algorithms as safe to
/// use from many threads). Each message gets its own `EVP_CIPHER_CTX`, initialised from scratch
/// with the key, so instances are safe to use concurrently.
///
/// Two inputs are refused (`seal` and `open` fail) because OpenSSL cannot honour them:
/// an empty plaintext (OpenSSL 3.0 rejects it) and empty associated data (EVP skips a
/// zero-length update, so it would silently be treated as *no* associated data, which is a
/// different S2V vector).
public final class AESSIV: @unchecked Sendable {
    /// Key size in bytes.
    public static let keyByteCount = 32
    /// Size in bytes of the synthetic IV that prefixes the ciphertext.
    public static let tagByteCount = 16

    /// The fetched `AES-128-SIV` algorithm; immutable and owned by this instance.
    private let cipher: OpaquePointer

    /// Fetches `AES-128-SIV` from OpenSSL's default library context.
    public init() throws(AESSIVError) {
        guard let cipher = EVP_CIPHER_fetch(nil, "AES-128-SIV", nil) else {
            ERR_clear_error()
            throw .cipherUnavailable
        }
        self.cipher = cipher
    }

    deinit {
        EVP_CIPHER_free(cipher)
    }

    /// Encrypts `plaintext` into `output` as tag ‖ ciphertext.
    ///
    /// - Parameters:
    ///   - key: exactly `keyByteCount` bytes.
    ///   - associatedData: the single associated-data string authenticated with the message;
    ///     at least one byte.
    ///   - plaintext: at least one byte.
    ///   - output: at least `tagByteCount + plaintext.count` bytes.
    /// - Returns: `true` on success. On failure `output` may hold partial data and must not be used.
    public func seal(
        key: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard key.count == Self.keyByteCount,
              !plaintext.isEmpty,
              plaintext.count <= Int(Int32.max) - Self.tagByteCount,
              !associatedData.isEmpty,
              associatedData.count <= Int(Int32.max),
              output.count >= Self.tagByteCount + plaintext.count,
              let context = EVP_CIPHER_CTX_new()
        else { return false }
        defer { EVP_CIPHER_CTX_free(context) }

        let tag = output.baseAddress!
        let ciphertext = tag + Self.tagByteCount
        var written: Int32 = 0
        // Every OpenSSL call returns 1 on success; anything else is a failure.
        guard EVP_EncryptInit_ex2(context, cipher, Self.bytes(key), nil, nil) == 1,
              EVP_EncryptUpdate(context, nil, &written, Self.bytes(associatedData), Int32(associatedData.count)) == 1,
              EVP_EncryptUpdate(
                  context, ciphertext.assumingMemoryBound(to: UInt8.self), &written,
                  Self.bytes(plaintext), Int32(plaintext.count)
              ) == 1,
              written == Int32(plaintext.count),
              EVP_EncryptFinal_ex(context, ciphertext.assumingMemoryBound(to: UInt8.self) + Int(written), &written) == 1,
              written == 0,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagByteCount), tag) == 1
        else {
            ERR_clear_error()
            return false
        }
        return true
    }

    /// Authenticates and decrypts `sealed` (tag ‖ ciphertext) into `plaintext`.
    ///
    /// - Parameters:
    ///   - key: exactly `keyByteCount` bytes.
    ///   - associatedData: the associated-data string the message was sealed with (non-empty).
    ///   - sealed: tag followed by at least one byte of ciphertext.
    ///   - plaintext: at least `sealed.count - tagByteCount` bytes.
    /// - Returns: `true` when the message is authentic. On `false` `plaintext` has been zeroed
    ///   and must not be used.
    public func open(
        key: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        sealed: UnsafeRawBufferPointer,
        into plaintext: UnsafeMutableRawBufferPointer
    ) -> Bool {
        guard key.count == Self.keyByteCount,
              sealed.count > Self.tagByteCount,
              sealed.count <= Int(Int32.max),
              !associatedData.isEmpty,
              associatedData.count <= Int(Int32.max),
              plaintext.count >= sealed.count - Self.tagByteCount,
              let context = EVP_CIPHER_CTX_new()
        else { return false }
        defer { EVP_CIPHER_CTX_free(context) }

        let ciphertextCount = sealed.count - Self.tagByteCount
        let ciphertext = Self.bytes(sealed) + Self.tagByteCount
        let output = plaintext.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written: Int32 = 0
        // The expected tag must be set before any data. OpenSSL checks it while decrypting
        // (the update fails on a mismatch) and reports it again from the final call.
        guard EVP_DecryptInit_ex2(context, cipher, Self.bytes(key), nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(
                  context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagByteCount), UnsafeMutableRawPointer(mutating: sealed.baseAddress!)
              ) == 1,
              EVP_DecryptUpdate(context, nil, &written, Self.bytes(associatedData), Int32(associatedData.count)) == 1,
              EVP_DecryptUpdate(context, output, &written, ciphertext, Int32(ciphertextCount)) == 1,
              written == Int32(ciphertextCount),
              EVP_DecryptFinal_ex(context, output + Int(written), &written) == 1,
              written == 0
        else {
            ERR_clear_error()
            plaintext.initializeMemory(as: UInt8.self, repeating: 0)
            return false
        }
        return true
    }

    /// Convenience form of `seal(key:associatedData:plaintext:into:)`; returns tag ‖ ciphertext.
    public func seal(key: [UInt8], associatedData: [UInt8], plaintext: [UInt8]) -> [UInt8]? {
        let count = Self.tagByteCount + plaintext.count
        var succeeded = false
        let output = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            succeeded = key.withUnsafeBytes { key in
                associatedData.withUnsafeBytes { associatedData in
                    plaintext.withUnsafeBytes { plaintext in
                        seal(key: key, associatedData: associatedData, plaintext: plaintext, into: UnsafeMutableRawBufferPointer(output))
                    }
                }
            }
            initialized = succeeded ? count : 0
        }
        return succeeded ? output : nil
    }

    /// Convenience form of `open(key:associatedData:sealed:into:)`; returns the plaintext, or
    /// `nil` when the message is not authentic.
    public func open(key: [UInt8], associatedData: [UInt8], sealed: [UInt8]) -> [UInt8]? {
        guard sealed.count > Self.tagByteCount else { return nil }
        let count = sealed.count - Self.tagByteCount
        var succeeded = false
        let output = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            succeeded = key.withUnsafeBytes { key in
                associatedData.withUnsafeBytes { associatedData in
                    sealed.withUnsafeBytes { sealed in
                        open(key: key, associatedData: associatedData, sealed: sealed, into: UnsafeMutableRawBufferPointer(output))
                    }
                }
            }
            initialized = succeeded ? count : 0
        }
        return succeeded ? output : nil
    }

    /// A typed pointer to the bytes of a non-empty `buffer`.
    @inline(__always)
    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }
}
