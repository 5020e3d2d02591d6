import Testing

@testable import BunnyCore

@Suite("Counters")
struct CounterTests {
    func createCounter(_ harness: Harness, _ json: String, contentType: String? = nil) -> String? {
        harness.send(.create, body: json, contentType: contentType).bodyText
    }

    @Test func createIncrementDecrementSnapshot() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":5,"min":0,"max":10}"#))
        #expect(
            harness.send(.increment(storeID: id), body: #"{"delta":2}"#).bodyText
                == #"{"value":7,"version":2,"bounded":false,"min":0,"max":10}"# + "\n")
        #expect(
            harness.send(.increment(storeID: id), body: #"{"delta":10}"#).bodyText
                == #"{"value":10,"version":3,"bounded":true,"min":0,"max":10}"# + "\n")
        #expect(
            harness.send(.decrement(storeID: id), body: #"{"Delta":25}"#).bodyText
                == #"{"value":0,"version":4,"bounded":true,"min":0,"max":10}"# + "\n")
        #expect(harness.send(.snapshot(storeID: id)).bodyText == #"{"value":0,"version":4,"min":0,"max":10}"# + "\n")
        #expect(harness.send(.snapshot(storeID: id)).response?.contentType == .json)
    }

    @Test func missingValueMeansZeroAndMissingDeltaMeansZero() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter"}"#))
        #expect(
            harness.send(.increment(storeID: id), body: "{}").bodyText
                == #"{"value":0,"version":2,"bounded":false}"# + "\n")
    }

    @Test func overflowChangesNothing() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":9223372036854775806}"#))
        #expect(harness.send(.increment(storeID: id), body: #"{"delta":2}"#).error == .overflow)
        #expect(harness.replica.stores[id]?.version == 1)
        #expect(harness.send(.increment(storeID: id), body: #"{"delta":1}"#).response != nil)
        let low = try #require(createCounter(harness, #"{"type":"counter","value":-9223372036854775807}"#))
        #expect(harness.send(.decrement(storeID: low), body: #"{"delta":2}"#).error == .overflow)
    }

    @Test func decrementByMinimumIntegerNegatesToItself() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":0}"#))
        // −(−2^63) wraps to −2^63, so decrementing by it subtracts 2^63.
        #expect(
            harness.send(.decrement(storeID: id), body: #"{"delta":-9223372036854775808}"#).bodyText
                == #"{"value":-9223372036854775808,"version":2,"bounded":false}"# + "\n")
    }

    @Test func boundsValidationOnCreate() {
        let harness = Harness()
        #expect(harness.send(.create, body: #"{"type":"counter","value":1,"min":5,"max":0}"#).error == .invalidBounds)
        #expect(harness.send(.create, body: #"{"type":"counter","value":11,"max":10}"#).error == .valueOutOfBounds)
        #expect(harness.send(.create, body: #"{"type":"counter","value":"5"}"#).error == .invalidCounterDefinition)
        #expect(harness.replica.stores.isEmpty)
    }

    @Test func counterDetectionFollowsTheMediaType() throws {
        let harness = Harness()
        let json = #"{"type":"counter","value":3}"#
        let plain = try #require(createCounter(harness, json))
        #expect(harness.replica.stores[plain]?.content.isCounter == true)
        let withCharset = try #require(createCounter(harness, json, contentType: "application/json; charset=utf-8"))
        #expect(harness.replica.stores[withCharset]?.content.isCounter == true)
        // A plain create ignores Content-Type (curl -d sends a form type), as the reference does.
        let form = try #require(createCounter(harness, json, contentType: "application/x-www-form-urlencoded"))
        #expect(harness.replica.stores[form]?.content.isCounter == true)
        // Create-by-name reads a counter only from a JSON (or unspecified) media type.
        let named = try #require(
            harness.send(.createByName(name: "n"), body: json, contentType: "application/x-www-form-urlencoded")
                .bodyText)
        #expect(harness.replica.stores[named]?.content == .blob(Array(json.utf8)))
        let otherType = try #require(createCounter(harness, #"{"type":"blob","value":3}"#))
        #expect(harness.replica.stores[otherType]?.content.isCounter == false)
    }

    @Test func typeMismatches() throws {
        let harness = Harness()
        let counter = try #require(createCounter(harness, #"{"type":"counter","value":1}"#))
        let blob = harness.create()
        #expect(harness.send(.increment(storeID: blob), body: #"{"delta":1}"#).error == .typeMismatch)
        #expect(harness.send(.beginModify(storeID: counter)).error == .typeMismatch)
        #expect(harness.send(.cancelModify(storeID: counter), lock: "x").error == .typeMismatch)
        #expect(harness.send(.completeModify(storeID: counter), body: "x", lock: "x").error == .typeMismatch)
    }

    @Test func setIsBoundedWithoutClamping() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":1,"min":0,"max":10}"#))
        #expect(harness.send(.update(storeID: id), body: #"{"value":11}"#).error == .valueOutOfBounds)
        #expect(harness.send(.update(storeID: id), body: #"{"value":"x"}"#).error == .invalidCounterUpdate)
        #expect(harness.send(.update(storeID: id), body: #"{"value":9}"#).response != nil)
        #expect(harness.send(.snapshot(storeID: id)).bodyText == #"{"value":9,"version":2,"min":0,"max":10}"# + "\n")
    }

    @Test(arguments: ["", "x", "{", #"{"delta":1.5}"#, #"{"delta":"1"}"#, #"{"delta":1} x"#, "[1]"])
    func badIncrementBodiesAreRefused(body: String) throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":1}"#))
        #expect(harness.send(.increment(storeID: id), body: body).error == .invalidJSONRequest)
        #expect(harness.replica.stores[id]?.version == 1)
    }

    @Test func incrementIgnoresLockStateUnknownButNotLocks() throws {
        let harness = Harness()
        let id = try #require(createCounter(harness, #"{"type":"counter","value":1}"#))
        #expect(harness.send(.increment(storeID: id), body: #"{"delta":1}"#).response != nil)
    }
}

@Suite("Counter representation")
struct CounterRepresentationTests {
    @Test(arguments: [
        CounterState(value: 0), CounterState(value: -1), CounterState(value: .max, minimum: .min, maximum: .max),
        CounterState(value: 42, minimum: -7), CounterState(value: 9, maximum: 10), CounterState(value: .min),
    ])
    func canonicalLengthMatchesTheJSON(counter: CounterState) {
        #expect(counter.canonicalLength == counter.canonicalJSON.count)
    }
}
