import Testing

@testable import LabBench

@Suite struct BenchConfigurationTests {
    static func arguments(_ change: (inout BenchArguments) -> Void = { _ in }) -> BenchArguments {
        var arguments = BenchArguments()
        arguments.daemonPath = "/bin/bbd"
        change(&arguments)
        return arguments
    }

    @Test func defaults() throws {
        let configuration = try BenchConfiguration(Self.arguments())
        #expect(configuration.target == .spawned(daemonPath: "/bin/bbd", comparedWith: nil, pair: false))
        #expect(configuration.operations == BenchOperation.allCases)
        #expect(configuration.mode == .closedLoop)
        #expect(configuration.duration == .seconds(10))
        #expect(configuration.warmup == .seconds(2))
        #expect(configuration.rounds == 1)
        #expect(configuration.transport == .threads)
        // 6 operations × (2 s + 10 s).
        #expect(configuration.timedPhase == .seconds(72))
    }

    @Test func comparisonDefaultsToThreeRoundsAndOpenLoopTakesTheRate() throws {
        let configuration = try BenchConfiguration(
            Self.arguments {
                $0.comparedDaemonPath = "/bin/other"
                $0.rate = 5000
                $0.operations = "update, snapshot"
                $0.duration = "500ms"
                $0.warmup = "0"
            })
        #expect(configuration.rounds == 3)
        #expect(configuration.mode == .openLoop(operationsPerSecond: 5000))
        #expect(configuration.operations == [.update, .snapshot])
        #expect(configuration.duration == .milliseconds(500))
        #expect(configuration.warmup == .zero)
        #expect(configuration.target.labels == ["/bin/bbd", "/bin/other"])
        // 2 operations × 3 rounds × 2 targets × 0.5 s.
        #expect(configuration.timedPhase == .seconds(6))
    }

    @Test(arguments: [
        (Self.arguments { $0.connections = 0 }, "--connections must be 1-4096"),
        (Self.arguments { $0.rate = -1 }, "--rate must be 0"),
        (Self.arguments { $0.duration = "0s" }, "--duration must be a duration of more than 0"),
        (Self.arguments { $0.duration = "2h" }, "--duration must be a duration"),
        (Self.arguments { $0.warmup = "soon" }, "--warmup must be a duration of 0 up to 1h"),
        (Self.arguments { $0.stores = 0 }, "--stores must be 1-1000000"),
        (Self.arguments { $0.bodyBytes = 2049 }, "--body must be 0-2048"),
        (Self.arguments { $0.rounds = 0 }, "--rounds must be 1-100"),
        (Self.arguments { $0.threads = 0 }, "--threads must be 1-64"),
        (Self.arguments { $0.operations = "snapshot,reads" }, "unknown operation 'reads'"),
        (Self.arguments { $0.operations = "update,update" }, "'update' is listed twice"),
        (Self.arguments { $0.operations = "" }, "unknown operation ''"),
        (Self.arguments { $0.socketPath = "/tmp/x.sock" }, "--socket loads a running daemon"),
        (Self.arguments { $0.daemonPath = nil }, "--bbd needs a path"),
        (Self.arguments { $0.customer = "two words" }, "--customer must be"),
        (Self.arguments { $0.transport = "epoll" }, "--transport must be auto, threads or nio"),
        (
            Self.arguments {
                $0.transport = "threads"
                $0.connections = 257
            }, "at most 256"
        ),
        (Self.arguments { $0.drainTimeout = "2m" }, "--drain-timeout must be at most 60s"),
    ])
    func problemsNameTheFlag(arguments: BenchArguments, expected: String) {
        #expect {
            try BenchConfiguration(arguments)
        } throws: { error in
            (error as? BenchConfigurationError)?.message.contains(expected) == true
        }
    }

    @Test func automaticTransportIsThreadsUpTo256Connections() throws {
        #expect(try BenchConfiguration(Self.arguments { $0.connections = 256 }).transport == .threads)
        #expect(try BenchConfiguration(Self.arguments { $0.connections = 257 }).transport == .nio)
        #expect(
            try BenchConfiguration(
                Self.arguments {
                    $0.transport = "nio"
                    $0.connections = 1
                }
            ).transport == .nio)
    }

    @Test func socketTarget() throws {
        var arguments = BenchArguments()
        arguments.socketPath = "/tmp/bbd.sock"
        #expect(try BenchConfiguration(arguments).target == .socket(path: "/tmp/bbd.sock"))
    }

    @Test func durationSyntax() {
        #expect(BenchDurationSyntax.parse("10s") == .seconds(10))
        #expect(BenchDurationSyntax.parse("1.5s") == .milliseconds(1500))
        #expect(BenchDurationSyntax.parse("250ms") == .milliseconds(250))
        #expect(BenchDurationSyntax.parse("2m") == .seconds(120))
        #expect(BenchDurationSyntax.parse("3") == .seconds(3))
        #expect(BenchDurationSyntax.parse("-1s") == nil)
        #expect(BenchDurationSyntax.parse("s") == nil)
        #expect(BenchDurationSyntax.parse("nan") == nil)
        #expect(BenchDurationSyntax.format(.milliseconds(1500)) == "1500ms")
        #expect(BenchDurationSyntax.format(.seconds(10)) == "10s")
    }
}
