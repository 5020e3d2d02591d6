import Foundation
import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Wall-clock skew through libfaketime", .timeLimit(.minutes(2)), .ownThreadsUnqueued)
struct ClockSkewTests {
    static var available: Bool { Faketime.libraryPath() != nil }

    @Test func offsetFileText() {
        #expect(Faketime.offsetText(seconds: 0) == "+0")
        #expect(Faketime.offsetText(seconds: 3600) == "+3600s")
        #expect(Faketime.offsetText(seconds: -2.5) == "-2.5s")
        #expect(Faketime.offsetText(seconds: 0.000001) == "+0.000001s")
        #expect(Faketime.offsetText(seconds: -86400 * 3) == "-259200s")
    }

    @Test(.enabled(if: available)) func startsWithTheSkewSetBeforehand() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "date", executablePath: "/bin/date", arguments: ["+%s"], logFilePath: folder.file("date.log"),
                workingFolder: folder.file("date"), launchesThroughFaketime: true))
        try node.setClockSkew(seconds: 3600)
        #expect(ProcessTestSupport.read(node.configuration.clockOffsetFilePath) == "+3600s\n")
        let before = ProcessTestSupport.currentTimeSeconds
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(0))
        let printed = try #require(
            ProcessTestSupport.numbers(in: ProcessTestSupport.read(folder.file("date.log"))).last)
        #expect(abs(printed - (before + 3600)) < 30, "printed \(printed), expected about \(before + 3600)")
        #expect(node.clockSkew == 3600)
    }

    @Test(.enabled(if: available)) func offsetFileStartsAtZero() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "date", executablePath: "/bin/date", arguments: ["+%s"], logFilePath: folder.file("date.log"),
                workingFolder: folder.file("date"), launchesThroughFaketime: true))
        let before = ProcessTestSupport.currentTimeSeconds
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(0))
        #expect(ProcessTestSupport.read(node.configuration.clockOffsetFilePath) == "+0\n")
        let printed = try #require(
            ProcessTestSupport.numbers(in: ProcessTestSupport.read(folder.file("date.log"))).last)
        #expect(abs(printed - before) < 30)
    }

    @Test(.enabled(if: available)) func skewChangesWhileTheProcessRuns() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell(
            "while true; do date +%s; sleep 0.2; done", in: folder, name: "clock", faketime: true)
        try node.start()
        defer { node.kill() }
        let log = node.configuration.logFilePath
        #expect(
            ProcessTestSupport.eventually { ProcessTestSupport.numbers(in: ProcessTestSupport.read(log)).count >= 2 })
        let unskewed = try #require(ProcessTestSupport.numbers(in: ProcessTestSupport.read(log)).last)
        #expect(abs(unskewed - ProcessTestSupport.currentTimeSeconds) < 30)

        try node.setClockSkew(seconds: 100)
        let jumped = ProcessTestSupport.eventually {
            let now = ProcessTestSupport.currentTimeSeconds
            return ProcessTestSupport.numbers(in: ProcessTestSupport.read(log)).contains { $0 > now + 90 }
        }
        #expect(jumped, "no skewed time in \(ProcessTestSupport.read(log))")

        try node.setClockSkew(seconds: -50)
        let back = ProcessTestSupport.eventually {
            let now = ProcessTestSupport.currentTimeSeconds
            return ProcessTestSupport.numbers(in: ProcessTestSupport.read(log)).suffix(1).contains { $0 < now - 40 }
        }
        #expect(back)
        #expect(node.state == .running)
    }

    @Test func skewNeedsFaketime() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("exit 0", in: folder)
        #expect(throws: NodeProcessError.self) { try node.setClockSkew(seconds: 5) }
        do {
            try node.setClockSkew(seconds: 5)
        } catch {
            #expect("\(error)" == "clock skew unavailable: sh was not launched through libfaketime")
        }
    }
}
