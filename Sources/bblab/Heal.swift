import ArgumentParser
import LabRuntime

struct Heal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove every network fault of a running lab.")

    @OptionGroup var folder: RunFolderOption

    func run() async throws {
        do {
            _ = try LabControlClient(folder: folder.resolved).send("POST", "/heal")
            print("healed every link")
        } catch {
            throw LabCommandError("\(error)")
        }
    }
}
