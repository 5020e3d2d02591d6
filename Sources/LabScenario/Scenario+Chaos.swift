extension Scenario {
    /// The chaos plan this scenario runs with `runSeed` (the `chaos:` section's own seed wins),
    /// or `nil` without a `chaos:` section.
    public func chaosPlan(runSeed: UInt64) -> ChaosPlan? {
        guard let chaos else { return nil }
        return ChaosPlanner.plan(chaos, pairs: pairs, durationSeconds: durationSeconds, seed: chaos.seed ?? runSeed)
    }

    /// The file's steps followed by the chaos plan's: the numbering `schedule.jsonl` uses.
    public func allSteps(runSeed: UInt64) -> [ScenarioStep] {
        steps + (chaosPlan(runSeed: runSeed)?.steps ?? [])
    }
}
