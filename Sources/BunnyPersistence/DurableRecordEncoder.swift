import BunnyCore

/// Appends framed records to a byte buffer (`DurableFileFormat`). Payload fields: unsigned
/// integers as LEB128 varints, times as 8-byte little-endian nanoseconds since the Unix
/// epoch, strings and bodies as a varint length and the bytes.
///
///     standing     := epoch | was-primary u8
///     store        := store-id | customer-id | shard-id | data-type u8 | body | expires-at
///                     | version | epoch | pending-name | created-at
///     storeDeleted := store-id | customer-id | deleted-at (0: gone without a tombstone)
///     name         := customer-id | name | store-id | state u8 | expires-at | reservation-id
///                     | reserved-at | epoch | version
///     nameRemoved  := customer-id | name
///     snapshotEnd  := record count (the records before it)
public struct DurableRecordEncoder {
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Starts with a file header.
    public init(header kind: DurableFileFormat.FileKind, reservingCapacity capacity: Int = 4096) {
        self.init(reservingCapacity: capacity)
        bytes.append(contentsOf: DurableFileFormat.header(kind))
    }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func append(_ record: DurableRecord) {
        frame {
            switch record {
            case .standing(let standing):
                $0.tag(.standing)
                $0.varint(standing.epoch)
                $0.byte(standing.wasPrimary ? 1 : 0)
            case .store(let store):
                $0.tag(.store)
                $0.string(store.storeID)
                $0.string(store.customerID)
                $0.string(store.shardID)
                switch store.content {
                case .blob(let body):
                    $0.byte(0)
                    $0.data(body)
                case .counter(let counter):
                    $0.byte(1)
                    $0.data(counter.canonicalJSON)
                }
                $0.time(store.expiresAt)
                $0.varint(store.version)
                $0.varint(store.epoch)
                $0.string(store.pendingName)
                $0.time(store.createdAt)
            case .storeDeleted(let storeID, let customerID, let deletedAt):
                $0.tag(.storeDeleted)
                $0.string(storeID)
                $0.string(customerID)
                $0.time(deletedAt)
            case .name(let entry):
                $0.tag(.name)
                $0.string(entry.customerID)
                $0.string(entry.name)
                $0.string(entry.storeID)
                $0.byte(UInt8(entry.state.rawValue))
                $0.time(entry.expiresAt)
                $0.string(entry.reservationID)
                $0.time(entry.reservedAt)
                $0.varint(entry.epoch)
                $0.varint(entry.version)
            case .nameRemoved(let customerID, let name):
                $0.tag(.nameRemoved)
                $0.string(customerID)
                $0.string(name)
            }
        }
    }

    /// The record that closes a snapshot.
    public mutating func appendSnapshotEnd(recordCount: Int) {
        frame {
            $0.tag(.snapshotEnd)
            $0.varint(UInt64(recordCount))
        }
    }

    private mutating func frame(_ payload: (inout DurableRecordEncoder) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: DurableFileFormat.frameLength))
        payload(&self)
        let length = bytes.count - start - DurableFileFormat.frameLength
        let crc = bytes.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + DurableFileFormat.frameLength)...]))
        }
        store32(UInt32(length), at: start)
        store32(crc, at: start + 4)
    }

    private mutating func store32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8((value >> UInt32(index * 8)) & 0xFF) }
    }

    mutating func tag(_ tag: DurableRecordTag) { bytes.append(tag.rawValue) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(remaining & 0x7F) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    mutating func time(_ time: WallTime) {
        let value = UInt64(bitPattern: time.nanosecondsSinceEpoch)
        for index in 0..<8 { bytes.append(UInt8((value >> UInt64(index * 8)) & 0xFF)) }
    }

    mutating func string(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func data(_ data: [UInt8]) {
        varint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }
}
