// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "bigbunny",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bbd", targets: ["bbd"]),
        .executable(name: "bblab", targets: ["bblab"]),
        .executable(name: "bblab-check-bench", targets: ["bblab-check-bench"]),
        // For the fuzz targets in Fuzz/, a separate package that depends on this one by path.
        .library(name: "BunnyCore", targets: ["BunnyCore"]),
        .library(name: "BunnyCrypto", targets: ["BunnyCrypto"]),
        .library(name: "BunnyWire", targets: ["BunnyWire"]),
        .library(name: "BunnyPersistence", targets: ["BunnyPersistence"]),
        .library(name: "BunnyServer", targets: ["BunnyServer"]),
        .library(name: "LabScenario", targets: ["LabScenario"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Pure: the replica state machine. No I/O, no ambient time or randomness.
        .target(
            name: "BunnyCore",
            dependencies: [.product(name: "Collections", package: "swift-collections")]
        ),
        // OpenSSL, for AES-128-SIV (RFC 5297), which swift-crypto does not offer.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Store-ID cipher: HKDF-SHA256 (swift-crypto) + AES-128-SIV (OpenSSL).
        .target(
            name: "BunnyCrypto",
            dependencies: ["BunnyCore", "COpenSSL", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The data directory's file format (--data-dir): records, checksums, scanning. Pure.
        .target(name: "BunnyPersistence", dependencies: ["BunnyCore", "CCRC32C"]),
        // The processor's CRC32 instruction for the data directory's checksums.
        .target(name: "CCRC32C"),
        // HTTP API mapping and wire codecs. Pure apart from NIOCore's ByteBuffer.
        .target(
            name: "BunnyWire",
            dependencies: ["BunnyCore", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // The I/O shell: NIO servers, timers, lifecycle.
        .target(
            name: "BunnyServer",
            dependencies: [
                "BunnyCore", "BunnyWire", "BunnyCrypto", "BunnyPersistence",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // EmbeddedChannel, for InMemoryConnection (fuzzing and in-memory tests).
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Client library for the public API over a Unix socket.
        .target(
            name: "BunnyClient",
            dependencies: [
                "BunnyCore", "BunnyWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Daemon flags and CLI subcommands, as a library so tests can drive them.
        .target(
            name: "BunnyCommandLine",
            dependencies: [
                "BunnyCore", "BunnyServer", "BunnyClient", "BunnyCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "bbd", dependencies: ["BunnyCommandLine"]),
        // The chaos lab. Pure: link policies, journal and history models, checkers, reports.
        .target(
            name: "LabCore",
            dependencies: ["BunnyCore", .product(name: "Collections", package: "swift-collections")]
        ),
        // fork + PR_SET_PDEATHSIG + exec, so daemons die with the lab.
        .target(
            name: "LabCheckers",
            dependencies: ["LabCore", "BunnyCore"]
        ),
        .target(
            name: "LabScenario",
            dependencies: ["LabCore", "LabCheckers", "BunnyCore", .product(name: "Yams", package: "Yams")]
        ),
        // The run report: one self-contained HTML page per run, and an index of runs. Pure.
        .target(
            name: "LabReport",
            dependencies: ["LabCheckers", "LabCore", "BunnyCore"]
        ),
        // `bblab bench`, pure: flags, request rendering, the response parser, per-connection
        // load state, latency recording (HdrHistogram), result tables and JSON.
        .target(
            name: "LabBench",
            dependencies: ["BunnyCore", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(name: "CLabSpawn"),
        // libpcap, for packet captures of the lab's ports.
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // The lab's I/O: process supervisor, fault proxy, control plane, status poller, capture.
        .target(
            name: "LabRuntime",
            dependencies: [
                "LabCore", "LabCheckers", "LabScenario", "LabReport", "LabBench", "BunnyCore", "BunnyWire",
                "BunnyClient", "CLabSpawn", "CPcap",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "bblab",
            dependencies: [
                "LabRuntime", "LabCore", "LabCheckers", "LabScenario", "LabReport", "LabBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Times the linearizability checker on a generated history (docs/performance.md).
        .executableTarget(
            name: "bblab-check-bench", dependencies: ["LabCheckers"],
            // Nothing else pulls in libm on Linux (LabCore rounds with it).
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // Test helpers shared by test targets (the `.ownThreads` trait for tests that block).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LabCoreTests", dependencies: ["LabCore", "BunnyWire", "BunnyCore"]),
        .testTarget(name: "LabBenchTests", dependencies: ["LabBench"]),
        .testTarget(name: "LabCheckersTests", dependencies: ["LabCheckers", "LabCore"]),
        .testTarget(name: "LabScenarioTests", dependencies: ["LabScenario", "LabCheckers", "LabCore"]),
        .testTarget(
            name: "LabRuntimeTests",
            dependencies: ["LabRuntime", "LabCore", "LabCheckers", "LabScenario", "LabBench", "TestSupport"]),
        .testTarget(name: "LabReportTests", dependencies: ["LabReport", "LabRuntime", "LabCheckers", "LabCore"]),
        .testTarget(name: "BunnyCoreTests", dependencies: ["BunnyCore", "TestSupport"]),
        .testTarget(name: "BunnyClusterSimulationTests", dependencies: ["BunnyCore", "TestSupport"]),
        .testTarget(name: "BunnyCryptoTests", dependencies: ["BunnyCrypto", "TestSupport"]),
        .testTarget(name: "BunnyWireTests", dependencies: ["BunnyWire", "TestSupport"]),
        .testTarget(name: "BunnyPersistenceTests", dependencies: ["BunnyPersistence", "BunnyCore"]),
        .testTarget(
            name: "BunnyCommandLineTests",
            dependencies: [
                "BunnyCommandLine", "BunnyClient", "BunnyCore", "BunnyServer", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BunnyServerTests",
            dependencies: [
                "BunnyServer", "BunnyClient", "BunnyCommandLine", "BunnyCrypto", "BunnyWire", "LabRuntime",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
)
