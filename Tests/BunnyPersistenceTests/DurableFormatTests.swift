import BunnyCore
import Testing

@testable import BunnyPersistence

/// The data directory's record format: round trips, torn tails, flipped bits, bad headers.
@Suite struct DurableFormatTests {
    static let time = WallTime(nanosecondsSinceEpoch: 1_700_000_000_123_456_789)

    static let sampleRecords: [DurableRecord] = [
        .standing(DurableStanding(epoch: 7, wasPrimary: true)),
        .store(
            DurableStore(
                storeID: "v1.abc", customerID: "customer-a", shardID: "shard-1", content: .blob(Array("hello".utf8)),
                expiresAt: time, version: 3, epoch: 7, pendingName: "", createdAt: time)),
        .store(
            DurableStore(
                storeID: "v1.counter", customerID: "customer-b", shardID: "", content: .blob([]),
                expiresAt: .unset, version: 300, epoch: 1, pendingName: "pending", createdAt: .unset)),
        .storeDeleted(storeID: "v1.gone", customerID: "customer-a", deletedAt: time),
        .storeDeleted(storeID: "v1.vanished", customerID: "", deletedAt: .unset),
        .name(
            NameEntry(
                customerID: "customer-a", name: "cart", storeID: "v1.abc", state: .active, expiresAt: time,
                reservationID: "0123456789abcdef0123456789abcdef", reservedAt: time, epoch: 7, version: 2)),
        .nameRemoved(customerID: "customer-a", name: "old-cart"),
    ]

    static func encodedLog(_ records: [DurableRecord]) -> [UInt8] {
        var encoder = DurableRecordEncoder(header: .log)
        for record in records { encoder.append(record) }
        return encoder.bytes
    }

    static func scan(_ bytes: [UInt8], kind: DurableFileFormat.FileKind = .log) throws -> (
        [DurableRecord], DurableScanResult
    ) {
        var records: [DurableRecord] = []
        let result = try bytes.withUnsafeBytes { buffer in
            try DurableFileScanner.scan(buffer, kind: kind) { records.append($0) }
        }
        return (records, result)
    }

    @Test func checksumMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        // The slicing path and the byte path agree on every length around the 8-byte step.
        let bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            var byteByByte: UInt32 = 0
            for byte in prefix { byteByByte = [byte].withUnsafeBytes { CRC32C.update(byteByByte, with: $0) } }
            #expect(CRC32C.checksum(prefix) == byteByByte, "length \(length)")
        }
    }

    /// The processor's instruction (where there is one) and the software tables agree at every
    /// length and alignment, and when continuing a checksum.
    @Test func hardwareAndSoftwareChecksumsAgree() {
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.softwareUpdate(0, with: $0) } == 0xE306_9283)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for end in stride(from: start, through: all.count, by: 7) {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<end])
                    let seed = UInt32(end)
                    #expect(CRC32C.update(seed, with: slice) == CRC32C.softwareUpdate(seed, with: slice))
                }
            }
        }
    }

    @Test func recordsRoundTrip() throws {
        let (records, result) = try Self.scan(Self.encodedLog(Self.sampleRecords))
        #expect(records == Self.sampleRecords)
        #expect(result.ending == .clean)
        #expect(result.recordCount == Self.sampleRecords.count)
    }

    @Test func counterContentRoundTrips() throws {
        let counter = try #require(CounterState.parse(storedBody: Array(#"{"value":5,"min":0,"max":10}"#.utf8)))
        let record = DurableRecord.store(
            DurableStore(
                storeID: "v1.c", customerID: "c", shardID: "s", content: .counter(counter), expiresAt: .unset,
                version: 1, epoch: 1, pendingName: "", createdAt: .unset))
        let (records, _) = try Self.scan(Self.encodedLog([record]))
        #expect(records == [record])
    }

    @Test func anEmptyLogIsClean() throws {
        let (records, result) = try Self.scan(DurableFileFormat.header(.log))
        #expect(records.isEmpty)
        #expect(result == DurableScanResult(recordCount: 0, validLength: 16, ending: .clean, isCompleteSnapshot: false))
    }

    /// Cutting the file anywhere inside the last record keeps every record before it and
    /// reports where to cut.
    @Test func aTornTailKeepsTheWholeRecordsBeforeIt() throws {
        let whole = Self.encodedLog(Self.sampleRecords)
        let withoutLast = Self.encodedLog(Array(Self.sampleRecords.dropLast()))
        for cut in withoutLast.count + 1..<whole.count {
            let (records, result) = try Self.scan(Array(whole.prefix(cut)))
            #expect(records == Array(Self.sampleRecords.dropLast()), "cut at \(cut)")
            #expect(result.validLength == withoutLast.count)
            guard case .truncated = result.ending else {
                Issue.record("cut at \(cut): \(result.ending)")
                continue
            }
        }
    }

    /// A flipped bit in any record's bytes stops the scan at that record.
    @Test func aFlippedBitStopsAtTheDamagedRecord() throws {
        let whole = Self.encodedLog(Self.sampleRecords)
        var recordStarts: [Int] = []
        for count in 0..<Self.sampleRecords.count {
            recordStarts.append(Self.encodedLog(Array(Self.sampleRecords.prefix(count))).count)
        }
        for position in DurableFileFormat.headerLength..<whole.count {
            var damaged = whole
            damaged[position] ^= 0x10
            let (records, result) = try Self.scan(damaged)
            let damagedRecord = recordStarts.lastIndex { $0 <= position }!
            #expect(records == Array(Self.sampleRecords.prefix(damagedRecord)), "bit flip at \(position)")
            #expect(result.validLength == recordStarts[damagedRecord])
            #expect(result.ending != .clean, "bit flip at \(position)")
        }
    }

    @Test func badHeadersAreReportedNotTrapped() {
        #expect(throws: DurableFileError.tooShortForHeader(length: 3)) { try Self.scan([1, 2, 3]) }
        #expect(throws: DurableFileError.notADataFile) { try Self.scan(Array(repeating: 0x41, count: 64)) }
        #expect(throws: DurableFileError.wrongKind(expected: .snapshot, found: 1)) {
            try Self.scan(DurableFileFormat.header(.log), kind: .snapshot)
        }
        var flipped = DurableFileFormat.header(.log)
        flipped[9] ^= 1
        #expect(throws: DurableFileError.headerChecksumMismatch) { try Self.scan(flipped) }
    }

    @Test func aSnapshotIsCompleteOnlyWithItsEndRecord() throws {
        var encoder = DurableRecordEncoder(header: .snapshot)
        for record in Self.sampleRecords { encoder.append(record) }
        let withoutEnd = encoder.bytes
        encoder.appendSnapshotEnd(recordCount: Self.sampleRecords.count)
        let (records, complete) = try Self.scan(encoder.bytes, kind: .snapshot)
        #expect(records == Self.sampleRecords)
        #expect(complete.isCompleteSnapshot)
        let (_, incomplete) = try Self.scan(withoutEnd, kind: .snapshot)
        #expect(!incomplete.isCompleteSnapshot)
        // An end record with the wrong count is corruption.
        var wrong = DurableRecordEncoder(header: .snapshot)
        wrong.append(Self.sampleRecords[0])
        wrong.appendSnapshotEnd(recordCount: 5)
        let (_, miscounted) = try Self.scan(wrong.bytes, kind: .snapshot)
        #expect(!miscounted.isCompleteSnapshot)
        #expect(miscounted.ending == .corrupt(reason: "unexpected end record"))
    }

    /// A record whose checksum matches but whose fields do not parse (a bug, or garbage that
    /// happens to checksum) is corruption, not a crash.
    @Test func aMalformedPayloadWithAGoodChecksumIsCorrupt() throws {
        for payload: [UInt8] in [
            [99], [1], [2, 0xFF, 0xFF], [1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0],
        ] {
            var bytes = DurableFileFormat.header(.log)
            let crc = CRC32C.checksum(payload)
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8((UInt32(payload.count) >> UInt32(shift)) & 0xFF))
            }
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
            bytes += payload
            let (records, result) = try Self.scan(bytes)
            #expect(records.isEmpty)
            #expect(result.ending == .corrupt(reason: "malformed record"), "\(payload)")
            #expect(result.validLength == 16)
        }
    }
}
