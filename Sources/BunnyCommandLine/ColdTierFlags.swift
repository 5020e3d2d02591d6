import BunnyCore
import BunnyServer

/// The cold tier's flags (our addition): `--hot-memory-limit`, `--cold-after`, `--cold-dir`.
enum ColdTierFlags {
    /// The smallest hot limit accepted: below it the tier would spend its time moving stores.
    static let minimumHotMemoryLimit: Int64 = 65_536

    static func define(in flags: inout FlagSet) {
        flags.integer(
            "hot-memory-limit",
            usage:
                "bytes of store memory kept in RAM; idle stores beyond it move to disk (0 = all in RAM, no cold tier)")
        flags.duration(
            "cold-after", default: .seconds(600),
            usage: "with -hot-memory-limit: a store unused this long moves to disk even below the limit (0 = never)")
        flags.string(
            "cold-dir", usage: "with -hot-memory-limit: folder for the cold files (default: a temporary folder)")
    }

    static func apply(_ flags: ParsedFlags, to configuration: inout DaemonConfiguration) throws(CommandLineError) {
        let limit = flags.integer("hot-memory-limit")
        let coldAfter = flags.duration("cold-after")
        let directory = flags.string("cold-dir")
        guard limit == 0 || limit >= minimumHotMemoryLimit else {
            throw .configuration(
                "invalid --hot-memory-limit \(limit): expected 0 (off) or at least \(minimumHotMemoryLimit) bytes")
        }
        guard coldAfter == .zero || coldAfter >= .seconds(1) else {
            throw .configuration("invalid --cold-after \(coldAfter): expected 0 (never) or at least 1s")
        }
        if limit == 0, !directory.isEmpty {
            throw .configuration("--cold-dir needs --hot-memory-limit (the cold tier is off without it)")
        }
        configuration.replica.coldTier.hotMemoryLimit = limit
        configuration.replica.coldTier.coldAfter = coldAfter
        configuration.coldDirectory = directory
    }
}
