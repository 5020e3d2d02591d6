import BunnyCore

/// A fault to apply at a moment of a run: `bblab run --fault 'AT: KIND [ARGS] [key=value…]'`.
///
/// `AT` is seconds from the start of the workload (`3`, `3s`, `2.5s`). The rest maps onto the
/// control API's JSON (``FaultRequest``): positional words are the target (process faults),
/// the two sides (`partition A B`) or the link (`drop A->B`); `key=value` pairs set the other
/// keys (`mode`, `one_way`, `classes` as a comma list, `probability`, `ms`, `jitter_ms`,
/// `seconds`, `pair`). Examples:
///
///     3: kill primary
///     2s: partition primary secondary mode=blackhole
///     1: drop primary->secondary classes=replicate probability=0.3
///     1: delay primary->secondary ms=200 jitter_ms=50
///     9: heal
public struct TimedFault: Sendable, Equatable {
    public var atNanoseconds: Int64
    public var request: FaultRequest
    /// The text it came from, for logs and the saved schedule.
    public var text: String

    public init(atNanoseconds: Int64, request: FaultRequest, text: String) {
        self.atNanoseconds = atNanoseconds
        self.request = request
        self.text = text
    }

    public static func parse(_ text: String) throws(FaultRequest.Problem) -> TimedFault {
        guard let colon = text.firstIndex(of: ":") else {
            throw FaultRequest.Problem(message: "fault \"\(text)\": expected AT: KIND …, e.g. \"3s: kill primary\"")
        }
        var timeText = text[..<colon].trimmingCharacters(in: " ")
        if timeText.hasSuffix("s") { timeText.removeLast() }
        guard let seconds = Double(timeText), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
            throw FaultRequest.Problem(
                message: "fault \"\(text)\": the time before \":\" must be seconds, e.g. 3 or 2.5s")
        }
        let request: FaultRequest
        do {
            request = try Self.request(words: String(text[text.index(after: colon)...]))
        } catch {
            throw FaultRequest.Problem(message: "fault \"\(text)\": \(error.message)")
        }
        return TimedFault(atNanoseconds: Int64((seconds * 1e9).rounded()), request: request, text: text)
    }

    /// The words of a fault without its time (`kill primary`,
    /// `drop primary->secondary classes=replicate probability=0.3`), as scenario steps and
    /// `--fault` write them.
    public static func request(words text: String) throws(FaultRequest.Problem) -> FaultRequest {
        let words = text.split(separator: " ").map(String.init)
        guard let kind = words.first else {
            throw FaultRequest.Problem(message: "no fault given")
        }
        var members: [(String, String)] = [("fault", quoted(kind))]
        var positional: [String] = []
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else {
                positional.append(word)
                continue
            }
            let key = String(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            switch key {
            case "classes":
                let classes = value.split(separator: ",").map { quoted(String($0)) }
                members.append((key, "[" + classes.joined(separator: ",") + "]"))
            case "one_way":
                guard value == "true" || value == "false" else {
                    throw FaultRequest.Problem(message: "one_way is true or false")
                }
                members.append((key, value))
            case "probability", "ms", "jitter_ms", "seconds", "pair":
                guard Double(value) != nil else {
                    throw FaultRequest.Problem(message: "\(key) must be a number (got \"\(value)\")")
                }
                members.append((key, value))
            default:
                members.append((key, quoted(value)))
            }
        }
        switch kind {
        case "partition":
            guard positional.count == 2 else {
                throw FaultRequest.Problem(message: "partition needs two sides, e.g. partition primary secondary")
            }
            members += [("from", quoted(positional[0])), ("to", quoted(positional[1]))]
        case "drop", "delay", "duplicate", "reorder", "replay", "replay-now", "reset":
            guard positional.count == 1 else {
                throw FaultRequest.Problem(message: "\(kind) needs one link, e.g. \(kind) primary->secondary")
            }
            members.append(("link", quoted(positional[0])))
        case "kill", "pause", "resume", "restart", "promote", "skew":
            guard positional.count == 1 else {
                throw FaultRequest.Problem(message: "\(kind) needs one target: primary, secondary or a node")
            }
            members.append(("target", quoted(positional[0])))
        case "heal":
            guard positional.isEmpty else {
                throw FaultRequest.Problem(message: "heal takes no arguments")
            }
        default:
            throw FaultRequest.Problem(
                message: "unknown fault \"\(kind)\" (faults: \(FaultRequest.kinds.joined(separator: ", ")))")
        }
        let json = "{" + members.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        do {
            return try FaultRequest.decode(Array(json.utf8))
        } catch {
            throw FaultRequest.Problem(message: error.message)
        }
    }

    private static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONText.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice.removeFirst() }
        while slice.last == character { slice.removeLast() }
        return String(slice)
    }
}
