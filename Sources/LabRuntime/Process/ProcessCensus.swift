import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a process holds, read from `/proc`: its open file descriptors, its child processes
/// (zombies included: an unreaped child is a leak too) and its resident memory.
public struct ProcessCensus: Sendable, Equatable {
    public var openFileDescriptors: Int
    public var childProcesses: Int
    /// Each open descriptor and what it points at (`socket:[123]`, `anon_inode:[eventpoll]`,
    /// a path), so a leak can be told apart from a lazily created singleton.
    public var descriptorTargets: [Int32: String]

    /// This process (`bblab`) right now.
    public static func ofThisProcess() -> ProcessCensus {
        let targets = descriptorTargets(pid: getpid())
        return ProcessCensus(
            openFileDescriptors: targets.count, childProcesses: childProcessCount(of: getpid()),
            descriptorTargets: targets)
    }

    /// The descriptors open now that were not open (to the same target) in `earlier`: their
    /// targets with socket and pipe inode numbers left out, sorted.
    public func descriptorsAdded(since earlier: ProcessCensus) -> [String] {
        descriptorTargets.compactMap { descriptor, target in
            if earlier.descriptorTargets[descriptor] == target { return nil }
            return target.hasPrefix("socket:") || target.hasPrefix("pipe:")
                ? String(target.prefix { $0 != ":" }) : target
        }.sorted()
    }

    /// The census without descriptors whose target satisfies `excluded` (the sampler's own file).
    public func excluding(_ excluded: (String) -> Bool) -> ProcessCensus {
        let kept = descriptorTargets.filter { !excluded($0.value) }
        return ProcessCensus(openFileDescriptors: kept.count, childProcesses: childProcesses, descriptorTargets: kept)
    }

    static func descriptorTargets(pid: Int32) -> [Int32: String] {
        let folder = "/proc/\(pid)/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
        var targets: [Int32: String] = [:]
        for entry in entries {
            guard let descriptor = Int32(entry) else { continue }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry)) ?? "?"
            // The directory listing's own descriptor is gone by now.
            if target == folder || target.hasSuffix("/fd") { continue }
            targets[descriptor] = target
        }
        return targets
    }

    /// Entries of `/proc/PID/fd`; nil if the process is gone.
    public static func openFileDescriptorCount(pid: Int32) -> Int? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else {
            return nil
        }
        return entries.count
    }

    /// Processes whose parent is `pid`.
    public static func childProcessCount(of pid: Int32) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var count = 0
        for entry in entries {
            guard let child = Int32(entry), let stat = ProcessStat.read(pid: child), stat.parentPID == pid else {
                continue
            }
            count += 1
        }
        return count
    }

    /// `VmRSS` of `/proc/PID/status` in kilobytes; nil if the process is gone (or a zombie).
    public static func residentKilobytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
