import BunnyCore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's cold tier and the folder it lives in (`--cold-dir`, or a fresh temporary
/// folder removed at exit). Exists only with `--hot-memory-limit`.
final class ColdTierHost {
    let tier: FileColdStoreTier
    /// The temporary folder this daemon made, removed at exit; nil for `--cold-dir`.
    private let temporaryDirectory: String?

    private init(tier: FileColdStoreTier, temporaryDirectory: String?) {
        self.tier = tier
        self.temporaryDirectory = temporaryDirectory
    }

    /// Opens the tier, or nil when `--hot-memory-limit` is off.
    static func open(
        configuration: DaemonConfiguration, metrics: DaemonMetrics, logger: Logger
    ) throws(ColdTierError) -> ColdTierHost? {
        guard configuration.replica.coldTier.isEnabled else { return nil }
        var directory = configuration.coldDirectory
        var temporaryDirectory: String?
        if directory.isEmpty {
            let base = ProcessEnvironment.temporaryDirectory
            var template = Array("\(base)/bbd-cold-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else {
                throw .input(
                    path: base, operation: "create a temporary cold folder in", reason: ColdSlotFile.errorText())
            }
            directory = String(cString: made)
            temporaryDirectory = directory
        }
        let coldMetrics = metrics.enableColdTier()
        let tier: FileColdStoreTier
        do {
            tier = try FileColdStoreTier.create(
                directory: directory, name: "bbd-\(configuration.replica.hostID)",
                onRead: { coldMetrics.recordRead($0) },
                problem: { error in logger.error("cold tier read failed", metadata: ["error": "\(error)"]) })
        } catch {
            if let temporaryDirectory { _ = rmdir(temporaryDirectory) }
            throw error
        }
        logger.info(
            "cold tier on",
            metadata: [
                "cold.dir": "\(directory)", "hot.memory.limit": "\(configuration.replica.coldTier.hotMemoryLimit)",
                "cold.after": "\(configuration.replica.coldTier.coldAfter)",
            ])
        return ColdTierHost(tier: tier, temporaryDirectory: temporaryDirectory)
    }

    /// Deletes the slot files, and the folder if this daemon made it.
    func close() {
        tier.close()
        if let temporaryDirectory { _ = rmdir(temporaryDirectory) }
    }
}

enum ProcessEnvironment {
    /// `TMPDIR`, else `/tmp`.
    static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 {
            let path = String(cString: value)
            return path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        }
        return "/tmp"
    }
}
