import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the daemon process holds, from `/proc`: the hostile-client tests check that its
/// resident memory stays bounded while it is attacked.
extension DaemonProcess {
    var pid: Int32 { currentPID }

    /// `VmRSS` in kilobytes; nil if the process is gone.
    var residentKilobytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    /// Open file descriptors; nil if the process is gone.
    var openFileDescriptors: Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// The TCP port the daemon listens on (it was started with `--tcp=127.0.0.1:0`), from
    /// `/proc/net/tcp` and the daemon's socket inodes.
    var tcpListenPort: Int? {
        let folder = "/proc/\(pid)/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        var inodes: Set<String> = []
        for entry in entries {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry),
                target.hasPrefix("socket:[")
            {
                inodes.insert(String(target.dropFirst(8).dropLast()))
            }
        }
        guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return nil }
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // local_address, rem_address, st (0A = LISTEN), …, inode (field 10)
            guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])) else { continue }
            return fields[1].split(separator: ":").last.flatMap { Int($0, radix: 16) }
        }
        return nil
    }
}
