// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer targets (docs/reliability.md, "Fuzzing"). A package of its own so that the
// main package's `swift build` / `swift test` never see the fuzzer flags. Build and run them
// with `scripts/fuzz`, which passes `-sanitize=fuzzer,address`; each target's `main.swift`
// hands its test function to libFuzzer (`FuzzDriver`).
let package = Package(
    name: "bigbunny-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "bigbunny", path: "..")
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CLibFuzzerDriver"),
        // The driver call, invariant checks and a seeded generator, shared by the targets.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzerDriver"]),
        .executableTarget(
            name: "fuzz-store-id",
            dependencies: ["FuzzSupport", .product(name: "BunnyCrypto", package: "bigbunny")]
        ),
        .executableTarget(
            name: "fuzz-http-request",
            dependencies: [
                "FuzzSupport",
                .product(name: "BunnyServer", package: "bigbunny"),
                .product(name: "BunnyCrypto", package: "bigbunny"),
            ]
        ),
        .executableTarget(
            name: "fuzz-peer-messages",
            dependencies: [
                "FuzzSupport",
                .product(name: "BunnyWire", package: "bigbunny"),
                .product(name: "BunnyCore", package: "bigbunny"),
            ]
        ),
        .executableTarget(
            name: "fuzz-scenario",
            dependencies: ["FuzzSupport", .product(name: "LabScenario", package: "bigbunny")]
        ),
    ]
)
