import ArgumentParser
import Foundation
import LabCheckers
import LabCore
import LabRuntime
import LabScenario

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenario files, or workloads with faults, against fresh labs and judge the histories.",
        discussion: """
            Scenarios:  bblab run Scenarios/                       every *.yaml of a folder, in name order
                        bblab run Scenarios/primary-crash.yaml --seed 7 --narrate
            Each scenario runs in OUT/<name> (OUT: --out, default runs/scenarios-<time>; runs/latest points at it).

            Ad hoc:     bblab run --workload counter --workload cart:clients=2 --duration 10 --fault '3: kill primary'
            Workloads: KIND[:key=value,…] with KIND one of \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ", ")),
            keys clients, keys, rate (operations/s, 0 = closed loop), pair, ttl (s), target (primary|any).
            Faults: 'AT: KIND [ARGS] [key=value…]', AT in seconds from the start of the workload, e.g.
              --fault '3: kill primary'   --fault '2: partition primary secondary mode=blackhole'
              --fault '1: drop primary->secondary classes=replicate probability=0.3'   --fault '8: heal'
            At the end every network fault is healed, paused nodes resumed and dead nodes restarted;
            once each pair settles, every object is read back.

            Exit status: 0 when every expectation holds (no checker finds a violation), 1 on a violation,
            2 when a run itself failed.
            """)

    @Argument(help: "Scenario files or folders of them.") var scenarios: [String] = []
    @Option(name: .customLong("workload"), help: "A workload (repeatable; ad-hoc runs).") var workloads: [String] = []
    @Option(
        help: ArgumentHelp(
            "Workload duration: seconds, or 90s, 3m, 30min. Ad-hoc runs (default 10 s); with scenario files it overrides each file's duration (e.g. a short soak).",
            valueName: "DURATION"))
    var duration: String?
    @Option(name: .customLong("fault"), help: "A timed fault (repeatable; ad-hoc runs).") var faults: [String] = []
    @Option(help: "Number of pairs (ad-hoc runs, 1-16).") var pairs = 1
    @Option(help: "The daemon binary (default: bbd next to bblab).") var bbd: String?
    @Option(help: "Output folder (default: runs/run-<time> or runs/scenarios-<time>).") var out: String?
    @Option(help: "Seed for every random choice (default: the scenario's seed, else 1).") var seed: UInt64?
    @Option(
        name: .customLong("daemon-flag"),
        help: "An extra flag for every daemon (repeatable); {node_folder} stands for the node's run folder.")
    var daemonFlags: [String] = []
    @Flag(help: "Explain what happens as it happens (role changes, lease countdown, each step's meaning).")
    var narrate = false
    @Flag(help: "Do not capture packets.") var noCapture = false
    @Option(
        help: ArgumentHelp(
            "Replay a saved scenario run: its scenario.yaml and seed, each step at the time it fired.",
            valueName: "RUN_DIR"))
    var replay: String?

    func validate() throws {
        if replay != nil {
            guard scenarios.isEmpty, workloads.isEmpty, faults.isEmpty, duration == nil else {
                throw ValidationError(
                    "--replay runs one saved run; give no scenario files, workloads or faults with it")
            }
            return
        }
        if let duration {
            guard let seconds = ScenarioDuration.seconds(duration), seconds > 0, seconds <= 86_400 else {
                throw ValidationError("--duration must be a duration above 0 and at most a day: 10, 90s, 3m, 30min")
            }
        }
        if !scenarios.isEmpty {
            guard workloads.isEmpty, faults.isEmpty else {
                throw ValidationError("give scenario files or --workload/--fault, not both")
            }
            return
        }
        guard !workloads.isEmpty else {
            throw ValidationError("give scenario files (e.g. bblab run Scenarios/) or at least one --workload")
        }
        guard (1...16).contains(pairs) else { throw ValidationError("--pairs must be 1-16") }
        for text in workloads {
            do {
                let specification = try WorkloadSpecification.parse(text)
                guard specification.pair <= pairs else {
                    throw ValidationError("workload \(text): pair \(specification.pair) but --pairs is \(pairs)")
                }
            } catch let problem as WorkloadSpecification.Problem {
                throw ValidationError(problem.message)
            }
        }
        for text in faults {
            do {
                _ = try TimedFault.parse(text)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    func run() async throws {
        // Progress lines must show up promptly when the output is a pipe or a CI log.
        LineBufferedOutput.enable()
        if replay != nil || !scenarios.isEmpty { try await runScenarios() } else { try await runAdHoc() }
    }

    private var durationSeconds: Double? { duration.flatMap(ScenarioDuration.seconds) }

    private func baseOptions(folder: String) -> LabOptions {
        var lab = LabOptions(folder: folder, daemonPath: bbd ?? DefaultPaths.daemon)
        lab.pairs = pairs
        lab.seed = seed ?? 1
        lab.extraDaemonFlags = daemonFlags
        lab.capturePackets = !noCapture
        return lab
    }

    private func runAdHoc() async throws {
        let folder = URL(fileURLWithPath: out ?? DefaultPaths.newRunFolder(prefix: "run")).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        DefaultPaths.linkLatest(to: folder)
        var options = WorkloadRunOptions(
            lab: baseOptions(folder: folder), workloads: try workloads.map { try WorkloadSpecification.parse($0) },
            duration: .nanoseconds(Int64((durationSeconds ?? 10) * 1e9)),
            steps: try faults.map { ScenarioStep(try TimedFault.parse($0)) })
        options.narrate = narrate
        let outcome: WorkloadRun.Outcome
        do {
            outcome = try await WorkloadRun.execute(options, progress: { print($0) })
        } catch {
            print("Error: the run failed: \(error)")
            throw ExitCode(2)
        }
        for note in outcome.notes { print("note: \(note)") }
        let counts = outcome.counts
        print(
            "history: \(counts[.ok] ?? 0) ok, \(counts[.fail] ?? 0) failed, \(counts[.unknown] ?? 0) unknown → \(outcome.folder)/\(WorkloadRun.historyFile)"
        )
        throw ExitCode(try CheckCommandOutput.checkAndPrint(folder: outcome.folder))
    }

    private func runScenarios() async throws {
        let loaded: [(Scenario, String)]
        var replaySeed: UInt64?
        do {
            if let replay {
                let (scenario, source, seed) = try ScenarioFiles.loadReplay(replay)
                loaded = [(scenario, source)]
                replaySeed = seed
            } else {
                var kept: [(Scenario, String)] = []
                for (file, fromFolder) in try ScenarioFiles.expand(scenarios) {
                    var (scenario, source) = try ScenarioFiles.load(file)
                    if fromFolder && !scenario.runsWithFolder {
                        print("skipped \(file): folder_runs: false (a long run); name the file to run it")
                        continue
                    }
                    if let seconds = durationSeconds {
                        scenario.durationSeconds = seconds
                        try scenario.validateChaos(file: file)
                    }
                    kept.append((scenario, source))
                }
                guard !kept.isEmpty else { throw ScenarioProblem("no scenario left to run") }
                loaded = kept
            }
        } catch {
            print("Error: \(error)")
            throw ExitCode(2)
        }
        let names = loaded.map(\.0.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            print("Error: two scenarios are named \(duplicate); names choose the run folders")
            throw ExitCode(2)
        }
        let root = URL(fileURLWithPath: out ?? DefaultPaths.newRunFolder(prefix: "scenarios")).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        DefaultPaths.linkLatest(to: root)
        var rows: [ScenarioSummaryRow] = []
        var exitStatus: Int32 = 0
        for (index, (scenario, source)) in loaded.enumerated() {
            print("[\(index + 1)/\(loaded.count)] \(scenario.name): \(scenario.title)")
            var base = baseOptions(folder: root + "/" + scenario.name)
            base.seed = seed ?? replaySeed ?? scenario.seed ?? 1
            let result = await ScenarioRunner.run(
                scenario, source: source, base: base, narrate: narrate, progress: { print("  " + $0) })
            for note in result.notes { print("  note: \(note)") }
            if let failure = result.failure {
                print("  ERROR: the run failed: \(failure)")
                exitStatus = 2
            } else {
                for outcome in result.expectations {
                    print(
                        "  \(outcome.verdict.rawValue.padding(9)) \(outcome.expectation.description) — \(outcome.detail)"
                    )
                }
                print("  checkers:")
                for check in result.checks {
                    print("    \(check.verdict.rawValue.padding(9)) \(check.checker.padding(15)) \(check.summary)")
                }
                if result.verdict == .violation && exitStatus == 0 { exitStatus = 1 }
            }
            rows.append(
                ScenarioSummaryRow(
                    scenario: scenario.name, checks: result.checks, expectations: result.expectations,
                    failure: result.failure, report: result.report ?? result.folder))
        }
        print("")
        print(ScenarioSummaryRow.table(rows))
        throw ExitCode(exitStatus)
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
