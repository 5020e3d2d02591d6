import BunnyCore

/// A fault as the control API carries it: the command and the pair its role targets refer to.
///
/// JSON shape (one object; `pair` defaults to 1, `classes` to every class):
///
///     {"fault":"partition","from":"primary","to":"secondary","mode":"blackhole","one_way":false}
///     {"fault":"drop","link":"node1->node2","classes":["heartbeat"],"probability":0.3}
///     {"fault":"delay","link":"primary->secondary","classes":["replicate"],"ms":200,"jitter_ms":20}
///     {"fault":"duplicate"|"reset","link":"…","probability":0.5}
///     {"fault":"reorder"|"replay","link":"…","classes":["replicate"]}
///     {"fault":"replay-now","link":"…"}
///     {"fault":"kill"|"pause"|"resume"|"restart"|"promote","target":"primary"}
///     {"fault":"skew","target":"node2","seconds":3}
public struct FaultRequest: Equatable, Sendable {
    public var command: FaultCommand
    public var pair: Int

    public init(command: FaultCommand, pair: Int = 1) {
        self.command = command
        self.pair = pair
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static let kinds = [
        "partition", "drop", "delay", "duplicate", "reorder", "replay", "replay-now", "reset", "kill", "pause",
        "resume", "restart", "promote", "skew", "heal",
    ]

    public static func decode(_ bytes: some Collection<UInt8>) throws(Problem) -> FaultRequest {
        let object: JSONObject
        do {
            guard let parsed = try JSONParser.parse(bytes).objectValue else { throw Problem(message: "a fault is a JSON object") }
            object = parsed
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(message: "malformed JSON: \(error)")
        }
        let known: Set<String> = [
            "fault", "from", "to", "mode", "one_way", "link", "classes", "probability", "ms", "jitter_ms", "target",
            "seconds", "pair",
        ]
        if let unknown = object.members.map(\.name).first(where: { !known.contains($0) }) {
            throw Problem(message: "unknown key \"\(unknown)\"")
        }
        func string(_ name: String) throws(Problem) -> String {
            guard let value = object[name]?.stringValue, !value.isEmpty else {
                throw Problem(message: "\"\(name)\" is required (a string)")
            }
            return value
        }
        func number(_ name: String, default fallback: Double? = nil) throws(Problem) -> Double {
            guard let value = object[name] else {
                guard let fallback else { throw Problem(message: "\"\(name)\" is required (a number)") }
                return fallback
            }
            guard case .number(let number) = value, let double = Double(number.text) else {
                throw Problem(message: "\"\(name)\" must be a number")
            }
            return double
        }
        func probability() throws(Problem) -> Double {
            let value = try number("probability", default: 1)
            guard (0...1).contains(value) else { throw Problem(message: "\"probability\" must be between 0 and 1 (got \(value))") }
            return value
        }
        func link() throws(Problem) -> LinkSelector {
            let text = try string("link")
            guard let selector = LinkSelector.parse(text) else {
                throw Problem(message: "\"link\" must look like A->B with two different nodes or roles (got \"\(text)\")")
            }
            return selector
        }
        func classes() throws(Problem) -> [String] {
            guard let value = object["classes"] else { return [] }
            guard case .array(let items) = value else { throw Problem(message: "\"classes\" must be a list") }
            var names: [String] = []
            for item in items {
                guard let name = item.stringValue, MessageClass(rawValue: name) != nil else {
                    throw Problem(message: "unknown message class \(item) (classes: \(MessageClass.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                names.append(name)
            }
            return names
        }

        let pair: Int
        if object["pair"] != nil {
            let value = try number("pair")
            guard value >= 1, value == value.rounded() else { throw Problem(message: "\"pair\" must be a whole number ≥ 1") }
            pair = Int(value)
        } else {
            pair = 1
        }
        let kind = try string("fault")
        let command: FaultCommand
        switch kind {
        case "partition":
            let modeName = object["mode"]?.stringValue ?? "blackhole"
            guard let mode = FaultCommand.PartitionMode(rawValue: modeName) else {
                throw Problem(message: "unknown partition mode \"\(modeName)\" (refuse, blackhole, drop)")
            }
            var oneWay = false
            if let value = object["one_way"] {
                guard case .bool(let flag) = value else { throw Problem(message: "\"one_way\" must be true or false") }
                oneWay = flag
            }
            let from = try string("from")
            let to = try string("to")
            guard from != to else { throw Problem(message: "a partition needs two different sides") }
            command = .partition(from: from, to: to, mode: mode, oneWay: oneWay)
        case "drop": command = .linkRule(link: try link(), classes: try classes(), rule: .drop(probability: try probability()))
        case "duplicate":
            command = .linkRule(link: try link(), classes: try classes(), rule: .duplicate(probability: try probability()))
        case "reset": command = .linkRule(link: try link(), classes: try classes(), rule: .reset(probability: try probability()))
        case "delay":
            let milliseconds = try number("ms")
            let jitter = try number("jitter_ms", default: 0)
            guard milliseconds >= 0, jitter >= 0 else { throw Problem(message: "delays cannot be negative") }
            command = .linkRule(
                link: try link(), classes: try classes(), rule: .delay(milliseconds: milliseconds, jitterMilliseconds: jitter))
        case "reorder": command = .linkRule(link: try link(), classes: try classes(), rule: .reorder)
        case "replay": command = .linkRule(link: try link(), classes: try classes(), rule: .replay)
        case "replay-now": command = .replayNow(link: try link())
        case "heal": command = .heal
        case "kill": command = .kill(target: try string("target"))
        case "pause": command = .pause(target: try string("target"))
        case "promote": command = .promote(target: try string("target"))
        case "resume": command = .resume(target: try string("target"))
        case "restart": command = .restart(target: try string("target"))
        case "skew":
            let seconds = try number("seconds")
            guard abs(seconds) <= 86_400 * 365 else { throw Problem(message: "\"seconds\" is out of range") }
            command = .skew(target: try string("target"), seconds: seconds)
        default:
            throw Problem(message: "unknown fault \"\(kind)\" (faults: \(kinds.joined(separator: ", ")))")
        }
        return FaultRequest(command: command, pair: pair)
    }

    /// Why `bytes` is not a valid fault request, or nil if it is.
    public static func problem(in bytes: some Collection<UInt8>) -> String? {
        do {
            _ = try decode(bytes)
            return nil
        } catch {
            return error.message
        }
    }

    /// The JSON the control API accepts for this request.
    public func encode() -> [UInt8] {
        var members: [(String, String)] = []
        func text(_ value: String) -> String {
            var bytes: [UInt8] = []
            JSONText.appendString(value, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
        func classList(_ classes: [String]) -> String { "[" + classes.map(text).joined(separator: ",") + "]" }
        switch command {
        case .partition(let from, let to, let mode, let oneWay):
            members = [
                ("fault", text("partition")), ("from", text(from)), ("to", text(to)), ("mode", text(mode.rawValue)),
                ("one_way", oneWay ? "true" : "false"),
            ]
        case .linkRule(let link, let classes, let rule):
            let base = [("link", text(link.description)), ("classes", classList(classes))]
            switch rule {
            case .drop(let probability): members = [("fault", text("drop"))] + base + [("probability", number(probability))]
            case .duplicate(let probability):
                members = [("fault", text("duplicate"))] + base + [("probability", number(probability))]
            case .reset(let probability): members = [("fault", text("reset"))] + base + [("probability", number(probability))]
            case .delay(let milliseconds, let jitter):
                members = [("fault", text("delay"))] + base + [("ms", number(milliseconds)), ("jitter_ms", number(jitter))]
            case .reorder: members = [("fault", text("reorder"))] + base
            case .replay: members = [("fault", text("replay"))] + base
            }
        case .replayNow(let link): members = [("fault", text("replay-now")), ("link", text(link.description))]
        case .kill(let target): members = [("fault", text("kill")), ("target", text(target))]
        case .pause(let target): members = [("fault", text("pause")), ("target", text(target))]
        case .promote(let target): members = [("fault", text("promote")), ("target", text(target))]
        case .resume(let target): members = [("fault", text("resume")), ("target", text(target))]
        case .restart(let target): members = [("fault", text("restart")), ("target", text(target))]
        case .skew(let target, let seconds):
            members = [("fault", text("skew")), ("target", text(target)), ("seconds", number(seconds))]
        case .heal: members = [("fault", text("heal"))]
        }
        members.append(("pair", String(pair)))
        return Array(("{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)
    }
}
