import BunnyCore
import Testing

/// `POST /api/v1/watch/{id}` in the replica: answer at once when the store is past the known
/// version, otherwise `.wait`; bad headers are `400 InvalidWatch`.
@Suite("Watches")
struct WatchTests {
    func watch(
        _ harness: Harness, _ id: String, known: String? = nil, timeout: String? = nil, customer: String = "acme"
    ) -> PublicOutcome {
        harness.replica.handle(
            PublicRequest(
                endpoint: .watch(storeID: id), customerID: customer, knownVersion: known, watchTimeout: timeout),
            at: harness.now)
    }

    @Test func withoutAKnownVersionTheSnapshotAndItsVersionComeAtOnce() {
        let harness = Harness()
        let id = harness.create("first")
        let outcome = watch(harness, id)
        #expect(outcome.bodyText == "first")
        #expect(outcome.response?.version == 1)
    }

    @Test func atTheKnownVersionItWaitsUntilTheStoreMovesOn() {
        let harness = Harness()
        let id = harness.create("first")
        #expect(
            watch(harness, id, known: "1", timeout: "5")
                == .wait(WatchWait(storeID: id, knownVersion: 1, currentVersion: 1, timeout: .seconds(5))))
        #expect(harness.send(.update(storeID: id), body: "second").response != nil)
        let request = PublicRequest(endpoint: .watch(storeID: id), customerID: "acme", knownVersion: "1")
        let again = harness.replica.recheckWatch(request, knownVersion: 1, at: harness.now)
        #expect(again.bodyText == "second")
        #expect(again.response?.version == 2)
        #expect(watch(harness, id, known: "2").isWait)
    }

    @Test func theDefaultWaitIsThirtySeconds() {
        let harness = Harness()
        let id = harness.create()
        guard case .wait(let wait) = watch(harness, id, known: "7") else {
            Issue.record("expected a wait")
            return
        }
        #expect(wait.timeout == .seconds(30))
    }

    @Test(
        arguments: [("x", nil), ("-1", nil), ("1.5", nil), (nil, "121"), (nil, "-3"), (nil, "soon")]
            as [(String?, String?)])
    func badHeadersAreInvalidWatch(_ known: String?, _ timeout: String?) {
        let harness = Harness()
        let id = harness.create()
        #expect(watch(harness, id, known: known, timeout: timeout).error?.code == .invalidWatch)
    }

    @Test func aStoreOfAnotherCustomerOrAMissingOneIsRefusedLikeASnapshot() {
        let harness = Harness()
        let id = harness.create()
        #expect(watch(harness, id, customer: "globex").error == .invalidStoreID)
        _ = harness.send(.delete(storeID: id))
        #expect(watch(harness, id).error?.status == 404)
    }

    @Test func rechecksDoNotSpendTheCustomersRateLimit() {
        let harness = Harness(configure: {
            $0.rateLimitPerSecond = 1
            $0.burstSize = 2
        })
        let id = harness.create()
        let request = PublicRequest(endpoint: .watch(storeID: id), customerID: "acme", knownVersion: "1")
        for _ in 0..<10 { #expect(harness.replica.recheckWatch(request, knownVersion: 1, at: harness.now).isWait) }
    }
}

extension PublicOutcome {
    var isWait: Bool {
        if case .wait = self { return true }
        return false
    }
}
