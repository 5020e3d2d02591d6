import BunnyCore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's cold tier and the folder it lives in (`--cold-dir`, or a fresh temporary
/// folder removed at exit). Exists only with `--hot-memory-limit`. Used on the replica's
/// event loop only (hence `@unchecked Sendable`).
final class ColdTierHost: @unchecked Sendable {
    let tier: FileColdStoreTier
    /// The temporary folder this daemon made, removed at exit; nil for `--cold-dir`.
    private let temporaryDirectory: String?
    private var evictionsAtLastRelease: UInt64 = 0
    private var ticksSinceRelease = 0

    /// Evictions free hot records all over the heap; glibc keeps such freed pages resident
    /// until `malloc_trim` hands them back. Every `releasePeriodTicks` maintenance ticks, if at
    /// least `releaseAfterEvictions` stores went cold since the last time, the heap is trimmed.
    static let releasePeriodTicks = 5
    static let releaseAfterEvictions: UInt64 = 1_000
    /// Allocations from this size on are mapped on their own and unmapped when freed (the
    /// index and expiry arrays as they grow), instead of glibc's moving threshold, which keeps
    /// freed large blocks in the heap.
    static let mappedAllocationThreshold: Int32 = 1 << 20

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
                onRead: { coldMetrics.recordRead($0) }, onWrite: { coldMetrics.recordWrite($0) },
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
        #if canImport(Glibc)
            _ = glibcMallopt(glibcMmapThreshold, mappedAllocationThreshold)
        #endif
        return ColdTierHost(tier: tier, temporaryDirectory: temporaryDirectory)
    }

    /// Called after each cold-tier maintenance tick with the replica's eviction count.
    func releaseFreedMemory(evictions: UInt64) {
        ticksSinceRelease += 1
        guard ticksSinceRelease >= Self.releasePeriodTicks,
            evictions &- evictionsAtLastRelease >= Self.releaseAfterEvictions
        else { return }
        ticksSinceRelease = 0
        evictionsAtLastRelease = evictions
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
        #endif
    }

    /// Deletes the slot files, and the folder if this daemon made it.
    func close() {
        tier.close()
        if let temporaryDirectory { _ = rmdir(temporaryDirectory) }
    }
}

#if canImport(Glibc)
    // glibc's <malloc.h>, which the Glibc module does not export.
    @_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
    @_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
    private let glibcMmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
#endif

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
