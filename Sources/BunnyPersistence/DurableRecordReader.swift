import BunnyCore

/// Reads the fields of one record payload (`DurableRecordEncoder`). Every read is bounds
/// checked: a payload that passed its checksum but is malformed (a bug, or a newer format)
/// is reported as corrupt, never trapped on.
struct DurableRecordReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    struct Malformed: Error {}

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Malformed() }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func time() throws(Malformed) -> WallTime {
        guard bytes.count - offset >= 8 else { throw Malformed() }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
        offset += 8
        return WallTime(nanosecondsSinceEpoch: Int64(bitPattern: value))
    }

    mutating func length() throws(Malformed) -> Int {
        let count = try varint()
        guard count <= UInt64(bytes.count - offset) else { throw Malformed() }
        return Int(count)
    }

    mutating func string() throws(Malformed) -> String {
        let count = try length()
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
    }

    mutating func data() throws(Malformed) -> [UInt8] {
        let count = try length()
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
    }
}

/// One decoded payload: a record, or the end of a snapshot.
enum DecodedPayload {
    case record(DurableRecord)
    case snapshotEnd(recordCount: UInt64)

    static func decode(_ payload: UnsafeRawBufferPointer) throws(DurableRecordReader.Malformed) -> DecodedPayload {
        var reader = DurableRecordReader(payload)
        guard let tag = DurableRecordTag(rawValue: try reader.byte()) else { throw DurableRecordReader.Malformed() }
        let decoded: DecodedPayload
        switch tag {
        case .standing:
            let epoch = try reader.varint()
            let wasPrimary = try reader.byte()
            guard wasPrimary <= 1 else { throw DurableRecordReader.Malformed() }
            decoded = .record(.standing(DurableStanding(epoch: epoch, wasPrimary: wasPrimary == 1)))
        case .store:
            let storeID = try reader.string()
            let customerID = try reader.string()
            let shardID = try reader.string()
            let dataType = try reader.byte()
            let body = try reader.data()
            let content: StoreContent
            switch dataType {
            case 0: content = .blob(body)
            case 1:
                guard let counter = CounterState.parse(storedBody: body) else { throw DurableRecordReader.Malformed() }
                content = .counter(counter)
            default: throw DurableRecordReader.Malformed()
            }
            let expiresAt = try reader.time()
            let version = try reader.varint()
            let epoch = try reader.varint()
            let pendingName = try reader.string()
            let createdAt = try reader.time()
            decoded = .record(
                .store(
                    DurableStore(
                        storeID: storeID, customerID: customerID, shardID: shardID, content: content,
                        expiresAt: expiresAt, version: version, epoch: epoch, pendingName: pendingName,
                        createdAt: createdAt)))
        case .storeDeleted:
            let storeID = try reader.string()
            let customerID = try reader.string()
            let deletedAt = try reader.time()
            decoded = .record(.storeDeleted(storeID: storeID, customerID: customerID, deletedAt: deletedAt))
        case .name:
            let customerID = try reader.string()
            let name = try reader.string()
            let storeID = try reader.string()
            guard let state = NameEntry.State(rawValue: Int(try reader.byte())) else {
                throw DurableRecordReader.Malformed()
            }
            let expiresAt = try reader.time()
            let reservationID = try reader.string()
            let reservedAt = try reader.time()
            let epoch = try reader.varint()
            let version = try reader.varint()
            decoded = .record(
                .name(
                    NameEntry(
                        customerID: customerID, name: name, storeID: storeID, state: state, expiresAt: expiresAt,
                        reservationID: reservationID, reservedAt: reservedAt, epoch: epoch, version: version)))
        case .nameRemoved:
            let customerID = try reader.string()
            let name = try reader.string()
            decoded = .record(.nameRemoved(customerID: customerID, name: name))
        case .snapshotEnd:
            decoded = .snapshotEnd(recordCount: try reader.varint())
        }
        guard reader.isAtEnd else { throw DurableRecordReader.Malformed() }
        return decoded
    }
}
