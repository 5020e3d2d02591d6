import BunnyCore

/// A store as it lies in a cold-tier slot. Little-endian:
///
/// | bytes | field |
/// |---|---|
/// | 4 | FNV-1a checksum of everything after it |
/// | 2 | encoded length (all of it) |
/// | 1 | format (1) |
/// | 1 | flags: bit 0 counter, bit 1 identity verified |
/// | 2 + n | store ID, customer ID, shard ID, stored bytes (each length-prefixed) |
/// | 5 × 8 | expiry, version, epoch, created, last replicated (nanoseconds / integers) |
///
/// Locks and pending names are not stored: the replica never evicts a store that has one.
enum ColdStoreRecordCodec {
    static let format: UInt8 = 1
    static let headerBytes = 8

    static func encode(storeID: String, record: StoreRecord) -> [UInt8] {
        var output: [UInt8] = []
        let body = record.content.storedBytes
        output.reserveCapacity(headerBytes + 8 + storeID.utf8.count + record.customerID.utf8.count + body.count + 64)
        output.append(contentsOf: [0, 0, 0, 0, 0, 0, format])
        var flags: UInt8 = 0
        if record.content.isCounter { flags |= 1 }
        if record.identityVerified { flags |= 2 }
        output.append(flags)
        for field in [Array(storeID.utf8), Array(record.customerID.utf8), Array(record.shardID.utf8), body] {
            appendInteger(UInt16(truncatingIfNeeded: field.count), to: &output)
            output.append(contentsOf: field)
        }
        appendInteger(record.expiresAt.nanosecondsSinceEpoch, to: &output)
        appendInteger(record.version, to: &output)
        appendInteger(record.epoch, to: &output)
        appendInteger(record.createdAt.nanosecondsSinceEpoch, to: &output)
        appendInteger(record.lastReplicatedAt.nanosecondsSinceEpoch, to: &output)
        let length = UInt16(truncatingIfNeeded: output.count)
        output[4] = UInt8(truncatingIfNeeded: length)
        output[5] = UInt8(truncatingIfNeeded: length >> 8)
        let checksum = fnv1a(output[4...])
        for byte in 0..<4 { output[byte] = UInt8(truncatingIfNeeded: checksum >> (8 * byte)) }
        return output
    }

    /// The encoded length a slot starts with, or nil if the slot cannot hold a record.
    static func encodedLength(_ slot: ArraySlice<UInt8>) -> Int? {
        guard slot.count >= headerBytes else { return nil }
        let start = slot.startIndex
        let length = Int(slot[start + 4]) | Int(slot[start + 5]) << 8
        return (headerBytes...slot.count).contains(length) ? length : nil
    }

    /// Decodes a slot; a reason when the bytes are not a record this code wrote.
    static func decode(_ slot: ArraySlice<UInt8>) -> Result<(storeID: String, record: StoreRecord), DecodingProblem> {
        guard let length = encodedLength(slot) else { return .failure(DecodingProblem("bad length")) }
        let bytes = slot.prefix(length)
        var reader = Reader(bytes: bytes, position: bytes.startIndex)
        guard let stored = reader.integer(UInt32.self), stored == fnv1a(bytes.dropFirst(4)) else {
            return .failure(DecodingProblem("checksum mismatch"))
        }
        _ = reader.integer(UInt16.self)
        guard reader.integer(UInt8.self) == format else { return .failure(DecodingProblem("unknown format")) }
        guard let flags = reader.integer(UInt8.self), let storeID = reader.field(), let customerID = reader.field(),
            let shardID = reader.field(), let body = reader.field(), let expiresAt = reader.integer(Int64.self),
            let version = reader.integer(UInt64.self), let epoch = reader.integer(UInt64.self),
            let createdAt = reader.integer(Int64.self), let lastReplicatedAt = reader.integer(Int64.self)
        else { return .failure(DecodingProblem("truncated record")) }
        let content: StoreContent
        if flags & 1 != 0 {
            guard let counter = CounterState.parse(storedBody: body) else {
                return .failure(DecodingProblem("bad counter"))
            }
            content = .counter(counter)
        } else {
            content = .blob(Array(body))
        }
        let record = StoreRecord(
            customerID: String(decoding: customerID, as: UTF8.self), shardID: String(decoding: shardID, as: UTF8.self),
            content: content, expiresAt: WallTime(nanosecondsSinceEpoch: expiresAt), version: version, epoch: epoch,
            createdAt: WallTime(nanosecondsSinceEpoch: createdAt),
            lastReplicatedAt: WallTime(nanosecondsSinceEpoch: lastReplicatedAt))
        record.identityVerified = flags & 2 != 0
        return .success((String(decoding: storeID, as: UTF8.self), record))
    }

    /// Whether a slot holds the record of `storeID`, comparing the ID bytes only.
    static func holds(_ slot: ArraySlice<UInt8>, storeID: String) -> Bool {
        guard encodedLength(slot) != nil else { return false }
        var reader = Reader(bytes: slot, position: slot.startIndex + headerBytes)
        guard let field = reader.field() else { return false }
        return field.elementsEqual(storeID.utf8)
    }

    struct DecodingProblem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func fnv1a<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }

    private static func appendInteger<Integer: FixedWidthInteger>(_ value: Integer, to output: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) }
    }

    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var position: Int

        mutating func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) -> Integer? {
            let size = MemoryLayout<Integer>.size
            guard position + size <= bytes.endIndex else { return nil }
            var value: Integer = 0
            for offset in 0..<size { value |= Integer(bytes[position + offset]) << (8 * offset) }
            position += size
            return value
        }

        mutating func field() -> ArraySlice<UInt8>? {
            guard let count = integer(UInt16.self), position + Int(count) <= bytes.endIndex else { return nil }
            defer { position += Int(count) }
            return bytes[position..<position + Int(count)]
        }
    }
}
