import Testing

@testable import BunnyCore

@Suite("Modify protocol: 500 ms locks")
struct LockTests {
    @Test func beginCompleteReplacesContent() throws {
        let harness = Harness()
        let id = harness.create("v1")
        let begin = try #require(harness.send(.beginModify(storeID: id)).response)
        #expect(begin.body == Array("v1".utf8))
        let lockID = try #require(begin.lockID)
        #expect(lockID.utf8.count == 22)
        #expect(harness.send(.completeModify(storeID: id), body: "v2", lock: lockID).response != nil)
        #expect(harness.send(.snapshot(storeID: id)).response?.body == Array("v2".utf8))
        #expect(harness.replica.stores[id]?.lock == nil)
    }

    @Test func secondBeginWhileLockedIsStoreLockedWithRetryAfter() {
        let harness = Harness()
        let id = harness.create()
        _ = harness.send(.beginModify(storeID: id))
        let error = harness.send(.beginModify(storeID: id)).error
        #expect(error == .storeLocked)
        #expect(error?.retryAfterSeconds == 1)
    }

    @Test func lockExpiresStrictlyAfter500Milliseconds() throws {
        let harness = Harness()
        let id = harness.create()
        let lockID = try #require(harness.send(.beginModify(storeID: id)).response?.lockID)
        harness.advance(.milliseconds(500))
        #expect(harness.send(.beginModify(storeID: id)).error == .storeLocked)
        harness.advance(.nanoseconds(1))
        // Expired: completing is a mismatch even though nobody re-locked (DECISIONS 4)...
        #expect(harness.send(.completeModify(storeID: id), body: "late", lock: lockID).error == .lockMismatch)
        // ...and anyone may lock again.
        #expect(harness.send(.beginModify(storeID: id)).response?.lockID != nil)
    }

    @Test func snapshotIgnoresLocksAndReturnsCommittedContent() {
        let harness = Harness()
        let id = harness.create("committed")
        _ = harness.send(.beginModify(storeID: id))
        #expect(harness.send(.snapshot(storeID: id)).response?.body == Array("committed".utf8))
    }

    @Test func writesUnderAnotherClientsLockAreRefused() {
        let harness = Harness()
        let id = harness.create()
        _ = harness.send(.beginModify(storeID: id))
        #expect(harness.send(.update(storeID: id), body: "x").error == .storeLocked)
        #expect(harness.send(.delete(storeID: id)).error == .storeLocked)
        #expect(harness.replica.stores[id] != nil)
    }

    @Test func cancelIsANoOpOnceReleasedAndAMismatchForALiveForeignLock() throws {
        let harness = Harness()
        let id = harness.create()
        let lockID = try #require(harness.send(.beginModify(storeID: id)).response?.lockID)
        #expect(harness.send(.cancelModify(storeID: id), lock: "someone-else").error == .lockMismatch)
        #expect(harness.send(.cancelModify(storeID: id), lock: lockID).response != nil)
        #expect(harness.send(.cancelModify(storeID: id), lock: lockID).response != nil)
        #expect(harness.send(.completeModify(storeID: id), body: "x", lock: lockID).error == .lockMismatch)
    }

    @Test func missingLockHeader() {
        let harness = Harness()
        let id = harness.create()
        #expect(harness.send(.completeModify(storeID: id), body: "x").error == .missingLockID)
        #expect(harness.send(.cancelModify(storeID: id), lock: "").error == .missingLockID)
    }

    @Test func lockStateUnknownWindowAfterOperatorPromotion() throws {
        let harness = Harness()
        let id = harness.create()
        // Demote artificially: an operator promotion of a non-primary opens the window.
        harness.replica.role = .secondary
        _ = harness.replica.operatorPromote(at: harness.now)
        let error = harness.send(.beginModify(storeID: id)).error
        #expect(error == .lockStateUnknown)
        #expect(error?.lockStateUnknown == true)
        #expect(harness.send(.update(storeID: id), body: "x").error == .lockStateUnknown)
        #expect(harness.send(.delete(storeID: id)).error == .lockStateUnknown)
        #expect(harness.send(.snapshot(storeID: id)).response != nil)
        #expect(harness.send(.create, body: "x").response != nil)
        harness.advance(.milliseconds(500))
        #expect(harness.send(.beginModify(storeID: id)).error == .lockStateUnknown)
        harness.advance(.nanoseconds(1))
        #expect(harness.send(.beginModify(storeID: id)).response != nil)
    }

    @Test func promotingAnAlreadyPrimaryNodeOpensNoWindowButBumpsTheEpoch() {
        let harness = Harness()
        let id = harness.create()
        #expect(harness.replica.epoch == 1)
        _ = harness.replica.operatorPromote(at: harness.now)
        #expect(harness.replica.epoch == 2)
        #expect(harness.send(.beginModify(storeID: id)).response != nil)
    }

    @Test func operatorReleaseLock() throws {
        let harness = Harness()
        let id = harness.create()
        _ = harness.send(.beginModify(storeID: id))
        #expect(harness.replica.operatorReleaseLock(storeID: id))
        #expect(harness.send(.beginModify(storeID: id)).response != nil)
        #expect(!harness.replica.operatorReleaseLock(storeID: "nope"))
    }

    @Test func writeBarrierRefusesMutationsButNotReads() {
        let harness = Harness()
        let id = harness.create()
        harness.replica.isWriteBarrierRaised = true
        #expect(harness.send(.create, body: "x").error == .joinSyncing)
        #expect(harness.send(.update(storeID: id), body: "x").error == .joinSyncing)
        #expect(harness.send(.delete(storeID: id)).error == .joinSyncing)
        #expect(harness.send(.snapshot(storeID: id)).response != nil)
        guard case .failure(let error) = harness.replica.operatorPromote(at: harness.now) else {
            Issue.record("promote should be refused")
            return
        }
        #expect(error == .joinSyncing)
    }
}
