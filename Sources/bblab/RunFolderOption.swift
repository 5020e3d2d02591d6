import ArgumentParser
import Foundation

/// `--dir`: the lab's run folder; by default the latest one started from this folder.
struct RunFolderOption: ParsableArguments {
    @Option(name: .long, help: "The run folder of the lab (default: runs/latest).")
    var dir: String = "runs/latest"

    var resolved: String {
        let path = (dir as NSString).resolvingSymlinksInPath
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

enum DefaultPaths {
    /// `bbd` next to this `bblab` binary.
    static var daemon: String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("bbd").path
    }

    static func newRunFolder(prefix: String = "lab") -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "runs/\(prefix)-" + formatter.string(from: Date())
    }

    /// Points `runs/latest` (beside the folder) at it.
    static func linkLatest(to folder: String) {
        let parent = (folder as NSString).deletingLastPathComponent
        let latest = parent + "/latest"
        try? FileManager.default.removeItem(atPath: latest)
        try? FileManager.default.createSymbolicLink(
            atPath: latest, withDestinationPath: (folder as NSString).lastPathComponent)
    }
}
