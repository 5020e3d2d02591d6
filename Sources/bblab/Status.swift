import ArgumentParser
import BunnyCore
import LabRuntime

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a running lab: nodes, links, faults.")

    @OptionGroup var folder: RunFolderOption
    @Flag(help: "Print the control API's JSON.") var json = false

    func run() async throws {
        let client = LabControlClient(folder: folder.resolved)
        do {
            if json {
                print(String(decoding: try client.send("GET", "/status"), as: UTF8.self), terminator: "")
            } else {
                let body = try client.send("GET", "/table")
                print((try? JSONParser.parse(body).objectValue?["table"]?.stringValue) ?? "")
            }
        } catch {
            throw LabCommandError("\(error)")
        }
    }
}
