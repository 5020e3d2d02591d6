import ArgumentParser
import Foundation
import LabRuntime

struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tear a lab down; if its control socket is gone, kill the daemons it recorded.")

    @OptionGroup var folder: RunFolderOption

    func run() async throws {
        let client = LabControlClient(folder: folder.resolved)
        if (try? client.send("POST", "/down")) != nil {
            let deadline = Date().addingTimeInterval(20)
            while FileManager.default.fileExists(atPath: client.socketPath), Date() < deadline { usleep(100_000) }
        }
        let leftovers = (try? ProcessGroupRegistry.killRecorded(in: folder.resolved)) ?? []
        if leftovers.isEmpty {
            print("lab in \(folder.resolved) is down")
        } else {
            print("lab in \(folder.resolved) is down; killed \(leftovers.count) leftover process(es)")
        }
    }
}
