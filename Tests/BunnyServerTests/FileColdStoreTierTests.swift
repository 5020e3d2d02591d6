import BunnyCore
import Foundation
import TestSupport
import Testing

@testable import BunnyServer

/// The daemon's file-backed cold tier: round trips, slot reuse, the index, and clear errors
/// for a bad folder, a folder in use and a damaged file.
@Suite("File cold tier", .ownThreads)
struct FileColdStoreTierTests {
    let directory: String

    init() throws {
        directory = "/tmp/bbt-cold-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    }

    func makeTier(problems: ProblemLog? = nil) throws -> FileColdStoreTier {
        try FileColdStoreTier.create(directory: directory, name: "test", problem: { problems?.add($0) })
    }

    static func record(body: String, expiresAt: Int64 = 1_767_225_600_000_000_000) -> StoreRecord {
        StoreRecord(
            customerID: "acme", shardID: "shard-1", content: .blob(Array(body.utf8)),
            expiresAt: WallTime(nanosecondsSinceEpoch: expiresAt), version: 7, epoch: 3,
            createdAt: WallTime(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
            lastReplicatedAt: WallTime(nanosecondsSinceEpoch: 1_700_000_001_000_000_000))
    }

    static func storeID(_ number: Int) -> String {
        "v1:0:" + String(repeating: "x", count: 50)
            + String(number, radix: 16).padding(toLength: 9, withPad: "-", startingAt: 0)
    }

    /// Closes the tier (deleting its files) and removes the test's folder.
    func finish(_ tier: FileColdStoreTier) {
        tier.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func fileSize(_ slotSize: Int) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: "\(directory)/test-\(slotSize).cold")
        return (attributes?[.size] as? Int) ?? -1
    }

    @Test func storesRoundTripWithEveryField() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        let blob = Self.record(body: "hello")
        blob.identityVerified = true
        try tier.put(storeID: Self.storeID(1), record: blob)
        let counter = StoreRecord(
            customerID: "globex", shardID: "s", content: .counter(CounterState(value: -5, minimum: -10, maximum: 10)),
            expiresAt: .unset, version: 2, epoch: 1, createdAt: WallTime(nanosecondsSinceEpoch: 5))
        try tier.put(storeID: Self.storeID(2), record: counter)
        let large = Self.record(body: String(repeating: "z", count: 2048))
        try tier.put(storeID: Self.storeID(3), record: large)
        #expect(tier.count == 3)

        let readBlob = try #require(tier.read(storeID: Self.storeID(1)))
        #expect(readBlob.content == .blob(Array("hello".utf8)) && readBlob.customerID == "acme")
        #expect(readBlob.shardID == "shard-1" && readBlob.version == 7 && readBlob.epoch == 3)
        #expect(readBlob.expiresAt == blob.expiresAt && readBlob.createdAt == blob.createdAt)
        #expect(readBlob.lastReplicatedAt == blob.lastReplicatedAt && readBlob.identityVerified)
        #expect(tier.count == 3, "a read removed the store")
        let readCounter = try #require(tier.take(storeID: Self.storeID(2)))
        #expect(
            readCounter.content == counter.content && readCounter.expiresAt.isUnset && !readCounter.identityVerified)
        #expect(tier.take(storeID: Self.storeID(2)) == nil && !tier.contains(storeID: Self.storeID(2)))
        #expect(tier.read(storeID: Self.storeID(3))?.content == large.content)
        #expect(fileSize(256) > 0 && fileSize(4096) > 0 && fileSize(2048) == 0)
        #expect(tier.read(storeID: Self.storeID(99)) == nil)
    }

    @Test func freedSlotsAreReusedSoTheFileDoesNotGrow() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        for number in 0..<100 {
            try tier.put(storeID: Self.storeID(number), record: Self.record(body: "body \(number)"))
        }
        let size = fileSize(256)
        #expect(size > 0)
        for round in 1...5 {
            for number in 0..<100 { #expect(tier.take(storeID: Self.storeID(number)) != nil) }
            for number in 0..<100 {
                try tier.put(storeID: Self.storeID(number), record: Self.record(body: "round \(round) \(number)"))
            }
        }
        #expect(fileSize(256) <= 100 * 256, "\(fileSize(256)) bytes for 100 slots")
        #expect(tier.read(storeID: Self.storeID(42))?.content == .blob(Array("round 5 42".utf8)))
    }

    @Test func theIndexFindsEveryStoreThroughGrowthAndRemovals() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        let count = 20_000
        for number in 0..<count { try tier.put(storeID: Self.storeID(number), record: Self.record(body: "\(number)")) }
        // Memory per cold store: the index word (at a load of 3/8 to 3/4) and the expiry mark.
        #expect(tier.residentBytes < Int64(count) * 24, "\(tier.residentBytes) bytes")
        var generator = SystemRandomNumberGenerator()
        let removed = Set((0..<count).shuffled(using: &generator).prefix(count / 2))
        for number in removed { #expect(tier.take(storeID: Self.storeID(number)) != nil) }
        var missing = 0
        for number in 0..<count where removed.contains(number) == tier.contains(storeID: Self.storeID(number)) {
            missing += 1
        }
        #expect(missing == 0)
        #expect(tier.count == count / 2)
        var seen = 0
        tier.forEachStore { storeID, record in
            seen += 1
            #expect(
                record.content.storedBytes
                    == Array(String(Int(storeID.suffix(9).filter { $0 != "-" }, radix: 16)!).utf8))
        }
        #expect(seen == count / 2)
    }

    @Test func expiryCandidatesComeFromMemoryAndAreRoundedDown() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        let second: Int64 = 1_000_000_000
        try tier.put(storeID: Self.storeID(1), record: Self.record(body: "a", expiresAt: 100 * second + 500_000_000))
        try tier.put(storeID: Self.storeID(2), record: Self.record(body: "b", expiresAt: 200 * second))
        try tier.put(storeID: Self.storeID(3), record: Self.record(body: "c", expiresAt: 0))
        #expect(tier.expiryCandidates(at: WallTime(nanosecondsSinceEpoch: 99 * second), limit: 10).isEmpty)
        let early = tier.expiryCandidates(at: WallTime(nanosecondsSinceEpoch: 100 * second), limit: 10)
        #expect(early.map(\.storeID) == [Self.storeID(1)])
        #expect(tier.expiryCandidates(at: WallTime(nanosecondsSinceEpoch: 1_000 * second), limit: 10).count == 2)
        #expect(tier.expiryCandidates(at: WallTime(nanosecondsSinceEpoch: 1_000 * second), limit: 1).count == 1)
    }

    @Test func aStoreTooLargeForTheLargestSlotIsRefused() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        do {
            try tier.put(storeID: Self.storeID(1), record: Self.record(body: String(repeating: "z", count: 5_000)))
            Issue.record("a 5 000-byte store went into the cold tier")
        } catch {
            #expect("\(error)".contains("too large for the cold tier"), "\(error)")
        }
        #expect(tier.count == 0)
    }

    @Test func aBadFolderIsAClearError() throws {
        do {
            _ = try FileColdStoreTier.create(directory: directory + "/missing", name: "test")
            Issue.record("opened a missing folder")
        } catch {
            #expect("\(error)".contains("missing") && "\(error)".contains("No such file"), "\(error)")
        }
        let file = directory + "/plain"
        try #require(FileManager.default.createFile(atPath: file, contents: Data()))
        do {
            _ = try FileColdStoreTier.create(directory: file, name: "test")
            Issue.record("opened a plain file as a folder")
        } catch {
            #expect("\(error)".contains("not a directory"), "\(error)")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func aFolderInUseByAnotherTierIsRefused() throws {
        let tier = try makeTier()
        defer { finish(tier) }
        do {
            _ = try makeTier()
            Issue.record("two tiers share the files")
        } catch {
            #expect((error as? ColdTierError) == .inUse(path: "\(directory)/test-256.cold"), "\(error)")
            #expect("\(error)".contains("in use by another process"))
        }
    }

    @Test func aDamagedSlotIsReportedAndTheStoreIsMissingNotTheDaemon() throws {
        let problems = ProblemLog()
        let tier = try makeTier(problems: problems)
        defer { finish(tier) }
        try tier.put(storeID: Self.storeID(1), record: Self.record(body: "first"))
        try tier.put(storeID: Self.storeID(2), record: Self.record(body: "second"))
        // Damage the second slot's body (the ID stays readable, the checksum breaks).
        let handle = try #require(FileHandle(forUpdatingAtPath: "\(directory)/test-256.cold"))
        try handle.seek(toOffset: 256 + 120)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 8))
        try handle.close()
        #expect(tier.read(storeID: Self.storeID(2)) == nil)
        #expect(
            problems.messages.contains { $0.contains("corrupt record") && $0.contains("slot 1") },
            "\(problems.messages)")
        #expect(tier.count == 1, "the damaged store is still counted")
        #expect(tier.read(storeID: Self.storeID(2)) == nil && problems.messages.count == 1)
        #expect(tier.read(storeID: Self.storeID(1))?.content == .blob(Array("first".utf8)))
    }

    @Test func closeRemovesTheFiles() throws {
        let tier = try makeTier()
        try tier.put(storeID: Self.storeID(1), record: Self.record(body: "x"))
        tier.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

final class ProblemLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ error: ColdTierError) { lock.withLock { stored.append("\(error)") } }
    var messages: [String] { lock.withLock { stored } }
}
