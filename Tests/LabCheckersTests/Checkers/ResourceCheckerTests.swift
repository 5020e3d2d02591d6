import Testing

@testable import LabCheckers

@Suite struct ResourceCheckerTests {
    static let nodes = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]

    /// A run of `minutes` sampled every 10 s: each node's memory from `memory(node, minute)`,
    /// crashes so far from `crashes(node, minute)`, and the lab's census before and after.
    static func recording(
        minutes: Double, memory: (String, Double) -> Int64 = { _, _ in 40_000 },
        crashes: (String, Double) -> Int = { _, _ in 0 }, labAfter: (fds: Int64, children: Int64) = (16, 0)
    ) -> RunRecording {
        let second: Int64 = 1_000_000_000
        var samples: [ResourceObservation] = [
            ResourceObservation(
                timeNanoseconds: 0, event: .lab, phase: "before", openFileDescriptors: 16, childProcesses: 0),
            ResourceObservation(timeNanoseconds: 5 * second, event: .workload, phase: "start"),
        ]
        var time = 5 * second
        let end = 5 * second + Int64(minutes * 60) * second
        while time <= end {
            let minute = Double(time - 5 * second) / 60e9
            for node in ["node1", "node2"] {
                samples.append(
                    ResourceObservation(
                        timeNanoseconds: time, event: .node, node: node, pid: 100, state: "running",
                        unexpectedExits: crashes(node, minute), residentKilobytes: memory(node, minute),
                        openFileDescriptors: 20))
            }
            time += 10 * second
        }
        samples.append(ResourceObservation(timeNanoseconds: end, event: .workload, phase: "end"))
        samples.append(
            ResourceObservation(
                timeNanoseconds: end + 5 * second, event: .lab, phase: "after", openFileDescriptors: labAfter.fds,
                childProcesses: labAfter.children, descriptorsAdded: labAfter.fds > 16 ? ["/tmp/x/status.jsonl"] : []))
        return RunRecording(nodes: nodes, history: [], resources: samples)
    }

    @Test func aSteadyRunIsOk() {
        let result = ResourceChecker().check(Self.recording(minutes: 30))
        #expect(result.verdict == .ok, "\(result.summary)")
        #expect(result.figure("daemons.unexpected-exits") == 0)
        #expect(result.figure("memory.node1.early-mb") == result.figure("memory.node1.late-mb"))
        #expect(result.figure("lab.fds-after") == 16 && result.figure("lab.children-after") == 0)
        #expect(result.summary.contains("no memory growth"))
    }

    @Test func aCrashIsAViolation() {
        let result = ResourceChecker().check(
            Self.recording(minutes: 3, crashes: { node, minute in node == "node2" && minute >= 1 ? 1 : 0 }))
        #expect(result.verdict == .violation)
        #expect(result.figure("daemons.unexpected-exits") == 1)
        #expect(result.evidence.first?.kind == "daemon-crash" && result.evidence.first?.text.hasPrefix("node2") == true)
    }

    /// Growth between the second and the last sixth beyond 10 % + 8 MiB is a violation; a
    /// warm-up in the first sixth and growth within the tolerance are not.
    @Test func memoryGrowthIsJudgedBetweenTheSecondAndTheLastSixth() {
        let leaking = ResourceChecker().check(
            Self.recording(
                minutes: 30, memory: { node, minute in node == "node1" ? 40_000 + Int64(minute * 1_000) : 40_000 }))
        #expect(leaking.verdict == .violation)
        #expect(leaking.evidence.map(\.kind) == ["memory-growth"])
        #expect(leaking.evidence.first?.text.hasPrefix("node1") == true)

        let warmingUp = ResourceChecker().check(
            Self.recording(minutes: 30, memory: { _, minute in minute < 5 ? 20_000 + Int64(minute * 4_000) : 40_000 }))
        #expect(warmingUp.verdict == .ok, "\(warmingUp.summary)")
        let tolerable = ResourceChecker().check(
            Self.recording(minutes: 30, memory: { _, minute in 40_000 + Int64(minute * 300) }))
        #expect(tolerable.verdict == .ok, "\(tolerable.summary)")
    }

    @Test func shortRunsAreNotJudgedForMemory() {
        let result = ResourceChecker().check(
            Self.recording(minutes: 1, memory: { _, minute in 40_000 + Int64(minute * 100_000) }))
        #expect(result.verdict == .ok)
        #expect(result.summary.contains("not judged"))
        #expect(result.figure("memory.node1.late-mb") == nil)
    }

    @Test func aLabThatLeaksIsAViolation() {
        let descriptors = ResourceChecker().check(Self.recording(minutes: 1, labAfter: (17, 0)))
        #expect(descriptors.verdict == .violation)
        #expect(descriptors.evidence.first?.kind == "fd-leak")
        #expect(descriptors.evidence.first?.text.contains("status.jsonl") == true)
        let children = ResourceChecker().check(Self.recording(minutes: 1, labAfter: (16, 2)))
        #expect(children.evidence.map(\.kind) == ["process-leak"])
    }

    @Test func noSamplesIsUnknown() {
        #expect(ResourceChecker().check(RunRecording(nodes: Self.nodes, history: [])).verdict == .unknown)
    }

    @Test func resourcesParseFromTheirFile() throws {
        let lines = """
            {"t_ns":0,"event":"lab","phase":"before","fds":16,"children":0}
            {"t_ns":5,"event":"node","node":"node1","pid":42,"state":"running","starts":1,"unexpected_exits":0,"rss_kb":35000,"fds":20}
            {"t_ns":9,"event":"lab","phase":"after","fds":17,"children":0,"fds_added":["anon_inode:[timerfd]"]}

            """
        let files = RunFiles(
            metadata: Array(#"{"nodes":[{"name":"node1","pair":1}]}"#.utf8), history: [],
            resources: Array(lines.utf8))
        let recording = try RunRecording.parse(files: files)
        #expect(recording.resources.count == 3)
        #expect(recording.resources[1].residentKilobytes == 35000 && recording.resources[1].pid == 42)
        #expect(recording.resources[2].descriptorsAdded == ["anon_inode:[timerfd]"])
    }
}
