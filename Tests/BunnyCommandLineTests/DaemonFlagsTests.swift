import BunnyCore
import BunnyServer
import Testing

@testable import BunnyCommandLine

@Suite("Daemon flags")
struct DaemonFlagsTests {
    private let production = [
        "-store-keys", "1:" + String(repeating: "ab", count: 32), "-routing-secret", "r", "-internal-token", "t",
    ]

    private func parse(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws(CommandLineError) -> DaemonConfiguration {
        try DaemonFlags.parse(arguments: arguments, environment: environment)
    }

    private func parseError(_ arguments: [String], environment: [String: String] = [:]) -> CommandLineError? {
        do {
            _ = try parse(arguments, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsMatchTheSpec() throws {
        let configuration = try parse(["-dev"])
        #expect(configuration.replica.hostID == "host1")
        #expect(configuration.replica.site == "local")
        #expect(configuration.unixSocketPath == "/tmp/bbd.sock")
        #expect(configuration.tcpListenAddress == ":8080")
        #expect(configuration.advertiseAddress == "")
        #expect(configuration.replica.advertisedAddress == "127.0.0.1:8080")
        #expect(configuration.replica.peers.isEmpty)
        #expect(configuration.replica.memoryLimit == 0)
        #expect(configuration.replica.customerMemoryQuota == 0)
        #expect(configuration.replica.rateLimitPerSecond == 100)
        #expect(configuration.replica.burstSize == 200)
        #expect(configuration.replica.tombstoneCustomerLimit == 0)
        #expect(configuration.replica.tombstoneGlobalLimit == 0)
        #expect(configuration.httpReadTimeout == .seconds(30))
        #expect(configuration.httpReadHeaderTimeout == .seconds(10))
        #expect(configuration.httpWriteTimeout == .seconds(30))
        #expect(configuration.httpIdleTimeout == .seconds(120))
        #expect(configuration.httpMaximumHeaderBytes == 1_048_576)
        #expect(configuration.siteVerification)
        #expect(configuration.developmentMode)
        #expect(configuration.storeKeys == "dev")
        #expect(configuration.routingSecret == "dev")
        #expect(configuration.internalToken == "")
        #expect(configuration.storeKeyCurrent == "")
    }

    @Test func everyFlagIsRead() throws {
        let configuration = try parse(
            production + [
                "-host-id", "node2", "--site=eu-west-1", "-uds=/tmp/n2.sock", "--tcp", "10.0.0.2:8082",
                "-advertise-addr", "node2.internal:8082", "-peers", "node1@10.0.0.1:8081",
                "-memory-limit", "0x100000", "-customer-memory-quota", "01000", "-store-key-current", "1",
                "-rate-limit", "50", "-burst-size=75", "-tombstone-customer-limit", "10",
                "-tombstone-global-limit", "1_000", "-http-read-timeout", "1m", "-http-read-header-timeout", "2s",
                "-http-write-timeout", "1h30m", "-http-idle-timeout=1.5s", "-http-max-header-bytes", "4096",
                "-disable-site-verification",
            ])
        #expect(configuration.replica.hostID == "node2")
        #expect(configuration.replica.site == "eu-west-1")
        #expect(configuration.unixSocketPath == "/tmp/n2.sock")
        #expect(configuration.tcpListenAddress == "10.0.0.2:8082")
        #expect(configuration.advertiseAddress == "node2.internal:8082")
        #expect(configuration.replica.advertisedAddress == "node2.internal:8082")
        #expect(configuration.replica.peers == [PeerAddress(hostID: "node1", address: "10.0.0.1:8081")])
        #expect(configuration.replica.memoryLimit == 1_048_576)
        #expect(configuration.replica.customerMemoryQuota == 512)
        #expect(configuration.storeKeys == "1:" + String(repeating: "ab", count: 32))
        #expect(configuration.storeKeyCurrent == "1")
        #expect(configuration.routingSecret == "r")
        #expect(configuration.internalToken == "t")
        #expect(configuration.developmentMode == false)
        #expect(configuration.replica.rateLimitPerSecond == 50)
        #expect(configuration.replica.burstSize == 75)
        #expect(configuration.replica.tombstoneCustomerLimit == 10)
        #expect(configuration.replica.tombstoneGlobalLimit == 1000)
        #expect(configuration.httpReadTimeout == .seconds(60))
        #expect(configuration.httpReadHeaderTimeout == .seconds(2))
        #expect(configuration.httpWriteTimeout == .seconds(5400))
        #expect(configuration.httpIdleTimeout == .milliseconds(1500))
        #expect(configuration.httpMaximumHeaderBytes == 4096)
        #expect(configuration.siteVerification == false)
    }

    @Test(arguments: [
        ["-host-id", "n"], ["-host-id=n"], ["--host-id", "n"], ["--host-id=n"],
    ])
    func fourSpellings(arguments: [String]) throws {
        #expect(try parse(["-dev"] + arguments).replica.hostID == "n")
    }

    @Test func booleanFlagsAcceptExplicitValues() throws {
        #expect(try parse(["-dev=true"]).developmentMode)
        #expect(try parse(["--dev", "--disable-site-verification=false"]).siteVerification)
        #expect(try parse(production + ["-dev=false"]).developmentMode == false)
    }

    @Test func environmentFillsEmptySecrets() throws {
        let environment = [
            "SERIALD_STORE_KEYS": "3:" + String(repeating: "cd", count: 32), "SERIALD_STORE_KEY_CURRENT": "3",
            "SERIALD_ROUTING_SECRET": "from-env", "SERIALD_INTERNAL_TOKEN": "token-env",
        ]
        let configuration = try parse([], environment: environment)
        #expect(configuration.storeKeys == "3:" + String(repeating: "cd", count: 32))
        #expect(configuration.storeKeyCurrent == "3")
        #expect(configuration.routingSecret == "from-env")
        #expect(configuration.internalToken == "token-env")
        #expect(configuration.developmentMode == false)
    }

    @Test func flagsWinOverEnvironment() throws {
        let environment = [
            "SERIALD_STORE_KEYS": "x", "SERIALD_ROUTING_SECRET": "env", "SERIALD_INTERNAL_TOKEN": "env",
            "SERIALD_STORE_KEY_CURRENT": "9",
        ]
        let configuration = try parse(production + ["-store-key-current", "1"], environment: environment)
        #expect(configuration.routingSecret == "r")
        #expect(configuration.internalToken == "t")
        #expect(configuration.storeKeyCurrent == "1")
        #expect(configuration.storeKeys.hasPrefix("1:"))
    }

    @Test func emptyFlagFallsBackToEnvironment() throws {
        let configuration = try parse(
            ["-dev", "-routing-secret="], environment: ["SERIALD_ROUTING_SECRET": "env-secret"])
        #expect(configuration.routingSecret == "env-secret")
    }

    /// The token is written verbatim into every peer request's headers.
    @Test(arguments: ["a b", "tok\r\nX-Evil: 1", "t\u{7F}", "jeton-é"])
    func internalTokensOutsideVisibleASCIIAreRefused(token: String) {
        let error = parseError(["--dev", "--internal-token", token])
        #expect("\(error.map { "\($0)" } ?? "")".contains("invalid --internal-token"))
    }

    @Test func devModeKeepsExplicitSecrets() throws {
        let configuration = try parse(["-dev", "-store-keys", "5:abc", "-routing-secret", "s", "-internal-token", "i"])
        #expect(configuration.developmentMode)
        #expect(configuration.storeKeys == "5:abc")
        #expect(configuration.routingSecret == "s")
        #expect(configuration.internalToken == "i")
    }

    @Test func devStoreKeysEnableDevModeButStillNeedARoutingSecret() throws {
        let error = parseError(["-store-keys=dev"])
        #expect(error?.exitCode == 1)
        #expect(error?.message.contains("--routing-secret") == true)
        #expect(error?.message.contains("SERIALD_ROUTING_SECRET") == true)

        let configuration = try parse(["-store-keys=dev", "-routing-secret", "x"])
        #expect(configuration.developmentMode)
        #expect(configuration.internalToken == "")
    }

    @Test func devStoreKeysFromEnvironmentEnableDevMode() throws {
        let configuration = try parse(
            [], environment: ["SERIALD_STORE_KEYS": "dev", "SERIALD_ROUTING_SECRET": "x"])
        #expect(configuration.developmentMode)
    }

    @Test(arguments: [
        ([String](), "production mode requires --store-keys or SERIALD_STORE_KEYS (use --dev for dev mode)"),
        (
            ["-store-keys", "1:aa"],
            "production mode requires --routing-secret or SERIALD_ROUTING_SECRET (use --dev for dev mode)"
        ),
        (
            ["-store-keys", "1:aa", "-routing-secret", "r"],
            "production mode requires --internal-token or SERIALD_INTERNAL_TOKEN (use --dev for dev mode)"
        ),
    ])
    func productionGuardsNameTheMissingFlagAndVariable(arguments: [String], message: String) {
        let error = parseError(arguments)
        #expect(error == CommandLineError(exitCode: 1, message: message + "\n"))
    }

    @Test(arguments: ["", "UPPER", "has_underscore", "seventeen-chars-x", "dot.ted", "spa ce"])
    func badSitesAreRefusedAtStartUp(site: String) {
        let error = parseError(["-dev", "-site", site])
        #expect(error?.exitCode == 1)
        #expect(error?.message.contains("invalid --site") == true)
    }

    @Test(arguments: ["a", "local", "eu-west-1", "0123456789abcdef", "-"])
    func goodSitesAreAccepted(site: String) throws {
        #expect(try parse(["-dev", "-site", site]).replica.site == site)
    }

    @Test func emptyHostIDIsRefused() {
        let error = parseError(["-dev", "-host-id="])
        #expect(error?.exitCode == 1)
        #expect(error?.message.contains("--host-id") == true)
    }

    @Test func peersSyntax() throws {
        var warnings: [String] = []
        let configuration = try DaemonFlags.parse(
            arguments: [
                "-dev", "-host-id", "node2", "-peers",
                " node3@localhost:8083 , ,10.0.1.2:8082,@nohost:1,noaddress@,node2@self:1,node1@a@b:8081,",
            ], environment: [:], warning: { warnings.append($0) })
        #expect(
            configuration.replica.peers == [
                PeerAddress(hostID: "10.0.1.2:8082", address: "10.0.1.2:8082"),
                PeerAddress(hostID: "node1", address: "a@b:8081"),
                PeerAddress(hostID: "node3", address: "localhost:8083"),
            ])
        #expect(
            warnings == [
                "warning: malformed peer \"@nohost:1\" (empty id or address), skipping",
                "warning: malformed peer \"noaddress@\" (empty id or address), skipping",
            ])
    }

    @Test func duplicatePeersAreKept() throws {
        let configuration = try parse(["-dev", "-peers", "b@x:1,a@y:2,b@z:3"])
        #expect(configuration.replica.peers.map(\.hostID) == ["a", "b", "b"])
        #expect(configuration.replica.peers.map(\.address) == ["y:2", "x:1", "z:3"])
    }

    @Test(arguments: [
        (":8081", "127.0.0.1:8081"), ("0.0.0.0:8081", "127.0.0.1:8081"), ("[::]:8081", "[::1]:8081"),
        ("10.0.0.5:8081", "10.0.0.5:8081"), ("node1.example:9000", "node1.example:9000"),
    ])
    func advertisedAddressIsDerivedFromTheListenAddress(listen: String, advertised: String) throws {
        let configuration = try parse(["-dev", "-tcp", listen])
        #expect(configuration.tcpListenAddress == listen)
        #expect(configuration.replica.advertisedAddress == advertised)
    }

    @Test func flagErrorsExitTwoWithTheFlagList() {
        for arguments in [
            ["-bogus"], ["-rate-limit", "ten"], ["-http-idle-timeout", "120"], ["-uds"], ["-dev=maybe"],
        ] {
            let error = parseError(arguments)
            #expect(error?.exitCode == 2, "\(arguments)")
            #expect(error?.destination == .standardError)
            #expect(error?.message.contains("Usage of bbd:") == true)
            #expect(error?.message.contains("-http-max-header-bytes int") == true)
        }
        #expect(
            parseError(["-rate-limit", "ten"])?.message.hasPrefix("invalid value \"ten\" for flag -rate-limit") == true)
        #expect(parseError(["-bogus"])?.message.hasPrefix("flag provided but not defined: -bogus\n") == true)
    }

    @Test func positionalArgumentsAreRefused() {
        let error = parseError(["-dev", "false"])
        #expect(error?.exitCode == 2)
        #expect(error?.message.hasPrefix("unexpected argument \"false\"") == true)
    }

    @Test(arguments: [["-help"], ["-h"], ["-dev", "--help"]])
    func helpPrintsTheFlagListAndExitsZero(arguments: [String]) {
        let error = parseError(arguments)
        #expect(error?.exitCode == 0)
        #expect(error?.destination == .standardOutput)
        #expect(error?.message == DaemonFlags.usageText)
    }

    @Test func flagListNamesEveryFlag() {
        let names = [
            "host-id", "site", "uds", "tcp", "advertise-addr", "peers", "memory-limit", "customer-memory-quota",
            "store-keys", "store-key-current", "routing-secret", "internal-token", "dev", "rate-limit", "burst-size",
            "tombstone-customer-limit", "tombstone-global-limit", "http-read-timeout", "http-read-header-timeout",
            "http-write-timeout", "http-idle-timeout", "http-max-header-bytes", "max-connections",
            "disable-site-verification", "replication-batch", "replication-requests", "replication-backlog-limit",
            "replication-encoding", "lock-wait",
            "hot-memory-limit", "cold-after", "cold-dir",
            "data-dir", "fsync", "fsync-interval", "snapshot-log-bytes",
        ]
        #expect(Set(DaemonFlags.flagSet.definitions.keys) == Set(names))
        for name in names {
            #expect(DaemonFlags.usageText.contains("  -\(name)"))
        }
    }

    @Test func replicationBatchDefaultsTo256AndIsBounded() {
        #expect((try? parse(["-dev"]))?.replicationBatchLimit == 256)
        #expect((try? parse(["-dev", "-replication-batch=1"]))?.replicationBatchLimit == 1)
        for bad in ["0", "257", "-3"] {
            let error = parseError(["-dev", "-replication-batch=\(bad)"])
            #expect(error?.message.contains("--replication-batch") == true, "\(bad): \(String(describing: error))")
        }
    }

    @Test func replicationRequestsDefaultsTo1AndIsBounded() {
        #expect((try? parse(["-dev"]))?.replicationRequestLimit == 1)
        #expect((try? parse(["-dev", "-replication-requests=0"]))?.replicationRequestLimit == 0)
        #expect((try? parse(["-dev", "-replication-requests=256"]))?.replicationRequestLimit == 256)
        for bad in ["257", "-1", "two"] {
            let error = parseError(["-dev", "-replication-requests=\(bad)"])
            #expect(error?.message.contains("replication-requests") == true, "\(bad): \(String(describing: error))")
        }
    }

    @Test func replicationEncodingIsBinaryOrJSON() {
        #expect((try? parse(["-dev"]))?.replicationUsesBinary == true)
        #expect((try? parse(["-dev", "-replication-encoding=json"]))?.replicationUsesBinary == false)
        #expect((try? parse(["-dev", "-replication-encoding=binary"]))?.replicationUsesBinary == true)
        for bad in ["JSON", "", "protobuf"] {
            let error = parseError(["-dev", "-replication-encoding=\(bad)"])
            #expect(
                error?.message.hasPrefix("invalid --replication-encoding \(bad): expected binary or json") == true,
                "\(bad): \(String(describing: error))")
        }
    }

    @Test func replicationBacklogLimitSetsBothWatermarks() {
        let standard = try? parse(["-dev"])
        #expect(standard?.replica.replicationBackPressureHighWatermark == 2_000)
        #expect(standard?.replica.replicationBackPressureLowWatermark == 500)
        let off = try? parse(["-dev", "-replication-backlog-limit=0"])
        #expect(off?.replica.replicationBackPressureHighWatermark == 0)
        for bad in ["-1", "10001"] {
            let error = parseError(["-dev", "-replication-backlog-limit=\(bad)"])
            #expect(error?.message.contains("--replication-backlog-limit") == true, "\(bad)")
        }
    }

    @Test func theColdTierIsOffByDefaultAndItsFlagsAreChecked() {
        let standard = try? parse(["-dev"])
        #expect(standard?.replica.coldTier.isEnabled == false)
        #expect(standard?.coldDirectory == "")
        let on = try? parse(["-dev", "-hot-memory-limit=67108864", "-cold-after=30s", "-cold-dir=/var/tmp"])
        #expect(on?.replica.coldTier.hotMemoryLimit == 67_108_864)
        #expect(on?.replica.coldTier.coldAfter == .seconds(30))
        #expect(on?.coldDirectory == "/var/tmp")
        #expect(
            (try? parse(["-dev", "-hot-memory-limit=65536", "-cold-after=0"]))?.replica.coldTier.coldAfter == .zero)
        let cases: [([String], String)] = [
            (["-hot-memory-limit=-1"], "--hot-memory-limit"), (["-hot-memory-limit=1000"], "at least 65536"),
            (["-hot-memory-limit=1048576", "-cold-after=500ms"], "--cold-after"),
            (["-hot-memory-limit=1048576", "-cold-after=-1s"], "--cold-after"),
            (["-cold-dir=/tmp"], "--cold-dir needs --hot-memory-limit"),
        ]
        for (arguments, message) in cases {
            let error = parseError(["-dev"] + arguments)
            #expect(
                error?.exitCode == 1 && error?.message.contains(message) == true,
                "\(arguments): \(String(describing: error))")
        }
    }

    @Test func persistenceIsOffUnlessADataDirectoryIsGiven() throws {
        #expect(try parse(["-dev"]).persistence == nil)
        let standard = try parse(["-dev", "-data-dir=/var/lib/bbd"]).persistence
        #expect(
            standard
                == PersistenceConfiguration(
                    directory: "/var/lib/bbd", syncPolicy: .interval(.milliseconds(20)),
                    snapshotMinimumLogBytes: 64 * 1024 * 1024))
        #expect(try parse(["-dev", "-data-dir=d", "-fsync=always"]).persistence?.syncPolicy == .always)
        #expect(try parse(["-dev", "-data-dir=d", "-fsync=never"]).persistence?.syncPolicy == .never)
        #expect(
            try parse(["-dev", "-data-dir=d", "-fsync-interval=5ms"]).persistence?.syncPolicy
                == .interval(.milliseconds(5)))
        #expect(
            try parse(["-dev", "-data-dir=d", "-snapshot-log-bytes=4096"]).persistence?.snapshotMinimumLogBytes == 4096)
    }

    @Test func badPersistenceFlagsAreClearErrors() {
        let cases: [([String], String)] = [
            (["-fsync=always"], "--fsync needs --data-dir"),
            (["-fsync-interval=5ms"], "--fsync-interval needs --data-dir"),
            (["-data-dir=d", "-fsync=sometimes"], "invalid --fsync \"sometimes\""),
            (["-data-dir=d", "-fsync-interval=0s"], "invalid --fsync-interval"),
            (["-data-dir=d", "-fsync-interval=1m"], "invalid --fsync-interval"),
            (["-data-dir=d", "-fsync=always", "-fsync-interval=5ms"], "--fsync-interval applies only"),
            (["-data-dir=d", "-snapshot-log-bytes=10"], "invalid --snapshot-log-bytes"),
        ]
        for (arguments, text) in cases {
            let error = parseError(["-dev"] + arguments)
            #expect(error?.message.contains(text) == true, "\(arguments): \(String(describing: error))")
        }
    }
}
