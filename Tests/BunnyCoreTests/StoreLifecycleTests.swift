import Testing

@testable import BunnyCore

@Suite("Stores: create, snapshot, update, delete, TTL")
struct StoreLifecycleTests {
    @Test func createThenSnapshotReturnsTheBytesAndRemainingTTL() {
        let harness = Harness()
        let id = harness.create("hello, bunny", ttl: "3600")
        harness.advance(.milliseconds(1500))
        let snapshot = harness.send(.snapshot(storeID: id)).response
        #expect(snapshot?.body == Array("hello, bunny".utf8))
        #expect(snapshot?.contentType == .octetStream)
        #expect(snapshot?.notValidAfterSeconds == 3598)
    }

    @Test func defaultTimeToLiveIsFourteenDays() {
        let harness = Harness()
        let id = harness.create()
        #expect(harness.send(.snapshot(storeID: id)).response?.notValidAfterSeconds == 1_209_600)
    }

    @Test func storeExpiresStrictlyAfterItsTTL() {
        let harness = Harness()
        let id = harness.create(ttl: "2")
        harness.advance(.seconds(2))
        #expect(harness.send(.snapshot(storeID: id)).response != nil)
        harness.advance(.nanoseconds(1))
        #expect(harness.send(.snapshot(storeID: id)).error == .storeExpired)
        #expect(harness.send(.update(storeID: id), body: "x").error == .storeExpired)
        #expect(harness.send(.beginModify(storeID: id)).error == .storeExpired)
        // Expired stores can still be deleted.
        #expect(harness.send(.delete(storeID: id)).response != nil)
    }

    @Test(arguments: ["0", "-5", "abc", "1.5", "", " "])
    func invalidTimeToLiveIsRefusedAndCreatesNothing(value: String) {
        let harness = Harness()
        #expect(harness.send(.create, body: "x", ttl: value).error == .invalidTTL)
        #expect(harness.replica.stores.isEmpty)
    }

    @Test func hugeTimeToLiveSaturatesInsteadOfWrapping() {
        let harness = Harness()
        let id = harness.create(ttl: "99999999999999999999")
        #expect(harness.send(.snapshot(storeID: id)).response != nil)
    }

    @Test func bodyLimitAndEmptyBodies() {
        let harness = Harness()
        #expect(harness.send(.create, body: "", bodyTooLarge: true).error == .bodyTooLarge)
        let id = harness.create("")
        #expect(harness.send(.snapshot(storeID: id)).response?.body == [])
    }

    @Test func updateReplacesContentAndBumpsVersion() {
        let harness = Harness()
        let id = harness.create("one")
        #expect(harness.send(.update(storeID: id), body: "two", ttl: "10").response != nil)
        #expect(harness.send(.snapshot(storeID: id)).response?.body == Array("two".utf8))
        #expect(harness.replica.stores[id]?.version == 2)
        #expect(harness.send(.snapshot(storeID: id)).response?.notValidAfterSeconds == 10)
    }

    @Test func deleteIsIdempotentAndLeavesOneTombstone() {
        let harness = Harness()
        let id = harness.create()
        #expect(harness.send(.delete(storeID: id)).response != nil)
        #expect(harness.send(.delete(storeID: id)).response != nil)
        #expect(harness.replica.tombstones.count == 1)
        #expect(harness.send(.snapshot(storeID: id)).error == .storeNotFound)
    }

    @Test func deletingAStoreNeverHeldLeavesNoTombstone() {
        let harness = Harness()
        #expect(harness.send(.delete(storeID: "v1:t:acme|AAAAAAAAAAA|BBBBBBBBBBBBBBBB")).response != nil)
        #expect(harness.replica.tombstones.count == 0)
    }

    @Test func anotherCustomersIDIsAPlainBadRequest() {
        let harness = Harness()
        let id = harness.create(customer: "acme")
        let error = harness.send(.snapshot(storeID: id), customer: "globex").error
        #expect(error == .invalidStoreID)
        #expect(error?.code == nil)
        #expect(harness.send(.delete(storeID: id), customer: "globex").error == .invalidStoreID)
        #expect(harness.replica.stores[id] != nil)
    }

    @Test func customerHeaderRules() {
        let harness = Harness()
        #expect(harness.send(.create, customer: nil).error == .missingCustomerID)
        #expect(harness.send(.create, customer: "").error == .missingCustomerID)
        #expect(harness.send(.create, customer: "a b").error == .invalidCustomerID)
        #expect(harness.send(.create, customer: String(repeating: "a", count: 65)).error == .invalidCustomerID)
        #expect(harness.send(.create, customer: String(repeating: "a", count: 64)).response != nil)
    }

    @Test func memoryLedgerFollowsEveryChange() {
        let harness = Harness()
        let id = harness.create("12345")
        #expect(harness.replica.memory.totalUsed == 5 + 256)
        harness.send(.update(storeID: id), body: "1234567890")
        #expect(harness.replica.memory.totalUsed == 10 + 256)
        harness.send(.delete(storeID: id))
        #expect(harness.replica.memory.totalUsed == 0)
    }
}
