import ArgumentParser
import BunnyCore
import LabCore
import LabRuntime

struct Fault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inject a fault into a running lab.",
        discussion: """
            Network:  partition --between A B [--mode refuse|blackhole|drop] [--one-way]
                      drop|duplicate|reset --link A->B [--class C]… [--probability P]
                      delay --link A->B [--class C]… --ms N [--jitter-ms N]
                      reorder|replay --link A->B [--class C]…      replay-now --link A->B
            Process:  kill|pause|resume|restart TARGET      skew TARGET --seconds S
            Operator: promote TARGET (force-promote through the node's Unix socket: epoch + 1)
            A and B, and TARGET, are node names or primary / secondary (resolved when the fault
            fires; --pair picks the pair). Quote links in a shell: --link 'primary->secondary'. Classes: heartbeat, replicate, replicate-registry,
            join-snapshot, forwarded, status, other.
            """)

    @OptionGroup var folder: RunFolderOption
    @Argument(help: "The fault.") var kind: String
    @Argument(help: "The target node (process faults).") var target: String?
    @Option(parsing: .upToNextOption, help: "The two sides of a partition.") var between: [String] = []
    @Option(help: "Partition mode: refuse, blackhole or drop.") var mode = "blackhole"
    @Flag(name: .customLong("one-way"), help: "Cut only the direction from the first side to the second.") var oneWay =
        false
    @Option(help: "A link, A->B.") var link: String?
    @Option(name: .customLong("class"), help: "A message class (repeatable).") var classes: [String] = []
    @Option(help: "Probability for drop, duplicate and reset.") var probability: Double = 1
    @Option(help: "Delay in milliseconds.") var ms: Double?
    @Option(name: .customLong("jitter-ms"), help: "Delay jitter in milliseconds.") var jitterMilliseconds: Double = 0
    @Option(help: "Clock skew in seconds.") var seconds: Double?
    @Option(help: "The pair that primary/secondary refer to.") var pair = 1

    func run() async throws {
        var members: [(String, String)] = [("fault", LabJSON.string(kind)), ("pair", String(pair))]
        switch kind {
        case "partition":
            guard between.count == 2 else { throw ValidationError("partition needs --between A B") }
            members += [
                ("from", LabJSON.string(between[0])), ("to", LabJSON.string(between[1])),
                ("mode", LabJSON.string(mode)),
                ("one_way", oneWay ? "true" : "false"),
            ]
        case "drop", "duplicate", "reset", "delay", "reorder", "replay", "replay-now":
            guard let link else { throw ValidationError("\(kind) needs --link A->B") }
            members.append(("link", LabJSON.string(link)))
            if kind != "replay-now" { members.append(("classes", LabJSON.array(classes.map(LabJSON.string)))) }
            if ["drop", "duplicate", "reset"].contains(kind) {
                members.append(("probability", LabJSON.number(probability)))
            }
            if kind == "delay" {
                guard let ms else { throw ValidationError("delay needs --ms N") }
                members += [("ms", LabJSON.number(ms)), ("jitter_ms", LabJSON.number(jitterMilliseconds))]
            }
        case "kill", "pause", "resume", "restart", "promote", "skew":
            guard let target else { throw ValidationError("\(kind) needs a target: primary, secondary or a node name") }
            members.append(("target", LabJSON.string(target)))
            if kind == "skew" {
                guard let seconds else { throw ValidationError("skew needs --seconds S") }
                members.append(("seconds", LabJSON.number(seconds)))
            }
        default:
            throw ValidationError("unknown fault \"\(kind)\" (faults: \(FaultRequest.kinds.joined(separator: ", ")))")
        }
        let body = Array(LabJSON.object(members).utf8)
        if let problem = FaultRequest.problem(in: body) { throw ValidationError(problem) }
        do {
            let answer = try LabControlClient(folder: folder.resolved).send("POST", "/faults", body: body)
            let summary =
                (try? JSONParser.parse(answer).objectValue?["applied"]?.objectValue?["summary"]?.stringValue) ?? nil
            print(summary ?? String(decoding: answer, as: UTF8.self))
        } catch {
            throw LabCommandError("\(error)")
        }
    }
}
