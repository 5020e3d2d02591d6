/// The layout of the data directory's files, version 1 (`docs/architecture.md`,
/// "Persistence"). Little-endian throughout.
///
///     file    := header record*
///     header  := magic "BBDSTORE" (8) | version u16 | kind u8 | 0 u8 | crc32c(previous 12) u32
///     record  := length u32 | crc32c(payload) u32 | payload (length bytes)
///     payload := tag u8 | fields (see `DurableRecordEncoder`)
///
/// A snapshot ends with an end record holding its record count: a snapshot without one is
/// incomplete and never used. A log has no end; it ends where its last whole record ends.
public enum DurableFileFormat {
    public static let magic: [UInt8] = Array("BBDSTORE".utf8)
    public static let version: UInt16 = 1
    public static let headerLength = 16
    public static let frameLength = 8
    /// A record longer than this is taken for corruption (a store body is far smaller).
    public static let maximumPayloadLength = 256 * 1024 * 1024

    public enum FileKind: UInt8, Sendable {
        case log = 1
        case snapshot = 2
    }

    public static func header(_ kind: FileKind) -> [UInt8] {
        var bytes = magic
        bytes.append(UInt8(version & 0xFF))
        bytes.append(UInt8(version >> 8))
        bytes.append(kind.rawValue)
        bytes.append(0)
        let crc = CRC32C.checksum(bytes)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
        return bytes
    }
}

/// Record tags.
enum DurableRecordTag: UInt8 {
    case standing = 1
    case store = 2
    case storeDeleted = 3
    case name = 4
    case nameRemoved = 5
    case snapshotEnd = 6
}
