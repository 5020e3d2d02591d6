import LabCore
import Testing

@testable import LabCheckers

@Suite struct LinearizabilityGeneratorTests {
    /// A small random configuration per seed: 1–3 keys, 1–6 clients, up to 80 operations, with
    /// `unknown` and `fail` outcomes, and up to `failovers` promotions (status every 2 ms).
    static func configuration(seed: UInt64, failovers: Int = 0) -> RegisterHistoryGenerator.Configuration {
        var random = LinkRandomGenerator(seed: seed &* 7_919)
        return .init(
            keys: Int.random(in: 1...3, using: &random), clientsPerKey: Int.random(in: 1...6, using: &random),
            operations: Int.random(in: 5...80, using: &random), seed: seed,
            writeFraction: Double.random(in: 0.2...0.8, using: &random),
            unknownFraction: Double.random(in: 0...0.15, using: &random),
            failFraction: Double.random(in: 0...0.1, using: &random),
            failovers: Int.random(in: 0...failovers, using: &random), statusIntervalNanoseconds: 2_000_000)
    }

    @Test func generatorIsSeededAndShaped() {
        let configuration = RegisterHistoryGenerator.Configuration(
            keys: 4, clientsPerKey: 3, operations: 100, seed: 42)
        let history = RegisterHistoryGenerator(configuration).history()
        #expect(history == RegisterHistoryGenerator(configuration).history())
        #expect(history.count == 104)
        #expect(history.filter { $0.kind == .create }.count == 4)
        #expect(history.map(\.id) == Array(1...104))
        #expect(Set(history.map(\.key)).count == 4)
        #expect(Set(history.map(\.client)).count == 12)
        // One operation at a time per client.
        for client in Set(history.map(\.client)) {
            let own = history.filter { $0.client == client }
            for (earlier, later) in zip(own, own.dropFirst()) {
                #expect(earlier.completeNanoseconds <= later.invokeNanoseconds)
            }
        }
        // Written values are unique.
        let written = history.compactMap(\.data)
        #expect(Set(written).count == written.count)
        #expect(
            RegisterHistoryGenerator(.init(keys: 4, clientsPerKey: 3, operations: 100, seed: 43)).history() != history)
    }

    @Test func randomLinearizableHistoriesPass() {
        var failures: [UInt64] = []
        for seed in UInt64(1)...1_000 {
            let recording = RegisterHistoryGenerator(Self.configuration(seed: seed)).recording()
            let result = LinearizabilityChecker().check(recording)
            if result.verdict != .ok { failures.append(seed) }
        }
        #expect(failures.isEmpty, "seeds not judged linearizable: \(failures.prefix(10))")
    }

    @Test func randomHistoriesWithFailoversPassWithinEachEpoch() {
        var failures: [UInt64] = []
        var violationsWithoutEpochs = 0
        var skipped = 0.0
        for seed in UInt64(1)...500 {
            let recording = RegisterHistoryGenerator(Self.configuration(seed: seed, failovers: 3)).recording()
            let result = LinearizabilityChecker().check(recording)
            if result.verdict != .ok { failures.append(seed) }
            skipped += result.figure("linearizability.skipped") ?? 0
            let withoutStatus = RunRecording(nodes: recording.nodes, history: recording.history)
            if LinearizabilityChecker().check(withoutStatus).verdict == .violation { violationsWithoutEpochs += 1 }
        }
        #expect(failures.isEmpty, "seeds not judged linearizable per epoch: \(failures.prefix(10))")
        // The generator does lose writes at failovers, and operations do straddle promotions.
        #expect(violationsWithoutEpochs > 20)
        #expect(skipped > 100)
    }

    @Test func largerConcurrentHistoryPasses() {
        let recording = RegisterHistoryGenerator(
            .init(keys: 20, clientsPerKey: 8, operations: 4_000, seed: 7, unknownFraction: 0.05, failFraction: 0.05)
        ).recording()
        let result = LinearizabilityChecker().check(recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("linearizability.keys") == 20)
    }

    @Test func longSingleRegisterHistoryPasses() {
        // Thousands of operations on one key: the memo keys must stay small.
        let recording = RegisterHistoryGenerator(
            .init(keys: 1, clientsPerKey: 8, operations: 3_000, seed: 11, unknownFraction: 0.05, failFraction: 0.02)
        ).recording()
        let result = LinearizabilityChecker().check(recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("linearizability.operations") ?? 0 > 2_800)
    }

    @Test func resultsAreDeterministic() throws {
        let history = RegisterHistoryGenerator(
            .init(keys: 5, clientsPerKey: 4, operations: 400, seed: 3, unknownFraction: 0.1)
        ).history()
        let injected = try #require(RegisterHistoryGenerator.injectingStaleRead(into: history, seed: 3))
        let recording = RunRecording(nodes: RegisterHistoryGenerator.nodes, history: injected.history)
        let first = LinearizabilityChecker().check(recording)
        #expect(first.verdict == .violation)
        #expect(LinearizabilityChecker().check(recording) == first)
    }

    @Test func injectedStaleReadsAreCaught() throws {
        var injectedCount = 0
        for seed in UInt64(1)...300 {
            let history = RegisterHistoryGenerator(Self.configuration(seed: seed)).history()
            guard let injected = RegisterHistoryGenerator.injectingStaleRead(into: history, seed: seed) else {
                continue
            }
            injectedCount += 1
            let result = LinearizabilityChecker().check(
                RunRecording(nodes: RegisterHistoryGenerator.nodes, history: injected.history))
            #expect(result.verdict == .violation, "seed \(seed)")
            #expect(result.figure("linearizability.violations") == 1, "seed \(seed)")
            #expect(result.evidence.first?.operationIDs.contains(injected.readID) == true, "seed \(seed)")
        }
        #expect(injectedCount > 150)
    }
}
