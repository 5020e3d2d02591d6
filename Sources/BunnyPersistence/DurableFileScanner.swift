import BunnyCore

/// Why a file cannot be read at all.
public enum DurableFileError: Error, Equatable, CustomStringConvertible {
    case tooShortForHeader(length: Int)
    case notADataFile
    case unsupportedVersion(UInt16)
    case wrongKind(expected: DurableFileFormat.FileKind, found: UInt8)
    case headerChecksumMismatch

    public var description: String {
        switch self {
        case .tooShortForHeader(let length):
            "the file is \(length) bytes long, shorter than its \(DurableFileFormat.headerLength)-byte header"
        case .notADataFile: "not a bbd data file (no BBDSTORE header)"
        case .unsupportedVersion(let version):
            "format version \(version) is not supported (this bbd reads version \(DurableFileFormat.version))"
        case .wrongKind(let expected, let found): "expected a \(expected) file, found kind \(found)"
        case .headerChecksumMismatch: "the header's checksum does not match"
        }
    }
}

/// How reading a file's records ended.
public struct DurableScanResult: Equatable, Sendable {
    public enum Ending: Equatable, Sendable {
        /// Every byte belonged to a whole, valid record.
        case clean
        /// The last record is cut short (a torn write): `missing` bytes would complete it.
        case truncated(missing: Int)
        /// A record fails its checksum or cannot be decoded.
        case corrupt(reason: String)
    }

    /// Records read (without a snapshot's end record).
    public var recordCount: Int
    /// Bytes from the start of the file up to the end of the last good record: where a log
    /// is cut when the ending is not clean.
    public var validLength: Int
    public var ending: Ending
    /// For a snapshot: whether its end record was read and its count matched.
    public var isCompleteSnapshot: Bool
}

/// Reads a data file's records in order and stops at the first record that is incomplete or
/// fails its checksum (`DurableFileFormat`). Pure: bytes in, records out.
public enum DurableFileScanner {
    public static func scan(
        _ bytes: UnsafeRawBufferPointer, kind: DurableFileFormat.FileKind, _ body: (DurableRecord) -> Void
    ) throws(DurableFileError) -> DurableScanResult {
        try checkHeader(bytes, kind: kind)
        var offset = DurableFileFormat.headerLength
        var count = 0
        var isCompleteSnapshot = false
        func result(_ ending: DurableScanResult.Ending) -> DurableScanResult {
            DurableScanResult(
                recordCount: count, validLength: offset, ending: ending, isCompleteSnapshot: isCompleteSnapshot)
        }
        while offset < bytes.count {
            if isCompleteSnapshot { return result(.corrupt(reason: "bytes after the snapshot's end record")) }
            let remaining = bytes.count - offset
            guard remaining >= DurableFileFormat.frameLength else {
                return result(.truncated(missing: DurableFileFormat.frameLength - remaining))
            }
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            let checksum = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian
            guard length > 0, length <= DurableFileFormat.maximumPayloadLength else {
                return result(.corrupt(reason: "record length \(length) is out of range"))
            }
            let payloadStart = offset + DurableFileFormat.frameLength
            guard bytes.count - payloadStart >= length else {
                return result(.truncated(missing: length - (bytes.count - payloadStart)))
            }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<payloadStart + length])
            guard CRC32C.checksum(payload) == checksum else {
                return result(.corrupt(reason: "checksum mismatch"))
            }
            let decoded: DecodedPayload
            do {
                decoded = try DecodedPayload.decode(payload)
            } catch {
                return result(.corrupt(reason: "malformed record"))
            }
            switch decoded {
            case .record(let record):
                body(record)
                count += 1
            case .snapshotEnd(let recordCount):
                guard kind == .snapshot, recordCount == UInt64(count) else {
                    return result(.corrupt(reason: "unexpected end record"))
                }
                isCompleteSnapshot = true
            }
            offset = payloadStart + length
        }
        return result(.clean)
    }

    static func checkHeader(_ bytes: UnsafeRawBufferPointer, kind: DurableFileFormat.FileKind) throws(DurableFileError)
    {
        guard bytes.count >= DurableFileFormat.headerLength else { throw .tooShortForHeader(length: bytes.count) }
        guard bytes.prefix(8).elementsEqual(DurableFileFormat.magic) else { throw .notADataFile }
        let checksum = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<12])) == checksum else {
            throw .headerChecksumMismatch
        }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard version == DurableFileFormat.version else { throw .unsupportedVersion(version) }
        guard bytes[10] == kind.rawValue else { throw .wrongKind(expected: kind, found: bytes[10]) }
    }
}
