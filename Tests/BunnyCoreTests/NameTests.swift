import Testing

@testable import BunnyCore

@Suite("Named stores")
struct NameTests {
    @Test func createLookupDeleteByName() throws {
        let harness = Harness()
        let id = try #require(harness.send(.createByName(name: "cart:42"), body: "[]").bodyText)
        #expect(harness.send(.lookupIDByName(name: "cart:42")).bodyText == id)
        #expect(harness.replica.stores[id]?.pendingName == "")
        #expect(harness.send(.deleteByName(name: "cart:42")).response != nil)
        #expect(harness.send(.lookupIDByName(name: "cart:42")).error == .nameNotFound)
        #expect(harness.send(.snapshot(storeID: id)).error == .storeNotFound)
        #expect(harness.send(.deleteByName(name: "cart:42")).response != nil)
    }

    @Test func existingNameConflictsUnlessReused() throws {
        let harness = Harness()
        let id = try #require(harness.send(.createByName(name: "profile"), body: "a").bodyText)
        #expect(harness.send(.createByName(name: "profile"), body: "b").error == .nameExists)
        #expect(harness.send(.createByName(name: "profile"), body: "b", reuse: " YES ").bodyText == id)
        #expect(harness.replica.stores.count == 1)
    }

    @Test func reuseOfANameWhoseStoreExpiredCreatesAFreshStore() throws {
        let harness = Harness()
        let first = try #require(harness.send(.createByName(name: "session"), body: "a", ttl: "1").bodyText)
        harness.advance(.seconds(2))
        let second = try #require(harness.send(.createByName(name: "session"), body: "b", reuse: "true").bodyText)
        #expect(first != second)
        #expect(harness.send(.lookupIDByName(name: "session")).bodyText == second)
    }

    @Test(arguments: ["a b", "x/y", String(repeating: "n", count: 65), "ü"])
    func invalidNamesAreRefused(name: String) {
        let harness = Harness()
        #expect(harness.send(.createByName(name: name), body: "a").error == .invalidName)
        #expect(harness.replica.registry.count == 0)
    }

    @Test func blankNameIsMissing() {
        let harness = Harness()
        #expect(harness.send(.createByName(name: "   "), body: "a").error == .missingName)
    }

    @Test func namesAreScopedPerCustomer() throws {
        let harness = Harness()
        _ = try #require(harness.send(.createByName(name: "cart"), customer: "acme", body: "a").bodyText)
        #expect(harness.send(.lookupIDByName(name: "cart"), customer: "globex").error == .nameNotFound)
        #expect(harness.send(.createByName(name: "cart"), customer: "globex", body: "b").response != nil)
    }

    @Test func counterByNameWithJSONMediaType() throws {
        let harness = Harness()
        let id = try #require(
            harness.send(
                .createByName(name: "likes"), body: #"{"type":"counter","max":100}"#, contentType: "application/json"
            ).bodyText)
        #expect(harness.send(.snapshot(storeID: id)).bodyText == #"{"value":0,"version":1,"max":100}"# + "\n")
    }

    @Test func danglingNameIsCleanedUpByLookupOnThePrimary() throws {
        let harness = Harness()
        let id = try #require(harness.send(.createByName(name: "gone"), body: "a").bodyText)
        harness.send(.delete(storeID: id))
        #expect(harness.replica.registry.count == 1)
        #expect(harness.send(.lookupIDByName(name: "gone")).error == .nameNotFound)
        #expect(harness.replica.registry.count == 0)
    }

    @Test func createByNameOverQuotaIs507() {
        let harness = Harness { $0.customerMemoryQuota = 300 }
        #expect(
            harness.send(.createByName(name: "big"), body: String(repeating: "x", count: 100)).error
                == .customerQuotaExceeded)
        #expect(harness.replica.registry.count == 0)
    }

    @Test func replicationStreamCarriesReserveCreateCommitInOrder() throws {
        let harness = Harness(peers: true)
        _ = try #require(harness.send(.createByName(name: "n"), body: "a").bodyText)
        let kinds: [String] = harness.replica.pendingReplication.map {
            switch $0 {
            case .store(let message): return "store.\(message.kind)"
            case .registry(let message): return "registry.\(message.kind)"
            }
        }
        #expect(kinds == ["registry.reserve", "store.createStore", "registry.commit"])
    }
}
