import LabCore

/// One step of a scenario's timeline: when it fires, the fault it applies (if any) and what
/// the narrator says about it.
public struct ScenarioStep: Sendable, Equatable {
    public enum Trigger: Sendable, Equatable {
        /// Seconds after the workload started.
        case at(seconds: Double)
        /// Seconds after an event (`after: promotion`, `wait: 1s`).
        case after(ScenarioEvent, waitSeconds: Double)
    }

    public var trigger: Trigger
    /// The fault, as `bblab fault` words (`kill primary`); `nil` for a narration-only step.
    public var fault: FaultRequest?
    public var faultText: String?
    public var say: String?
    /// The line in the file, for messages.
    public var line: Int?

    public init(
        trigger: Trigger, fault: FaultRequest? = nil, faultText: String? = nil, say: String? = nil, line: Int? = nil
    ) {
        self.trigger = trigger
        self.fault = fault
        self.faultText = faultText
        self.say = say
        self.line = line
    }

    /// A `--fault 'AT: …'` of the command line as a step.
    public init(_ timed: TimedFault) {
        let words = timed.text.split(separator: ":", maxSplits: 1).last.map { String($0) } ?? timed.text
        self.init(
            trigger: .at(seconds: Double(timed.atNanoseconds) / 1e9), fault: timed.request,
            faultText: words.split(separator: " ").joined(separator: " "))
    }

    /// `at 2.0 s` / `1.0 s after the next promotion`: for narration and the saved schedule.
    public var triggerDescription: String {
        switch trigger {
        case .at(let seconds): return "at \(ScenarioText.seconds(seconds))"
        case .after(let event, let wait):
            return wait == 0 ? "at \(event.description)" : "\(ScenarioText.seconds(wait)) after \(event.description)"
        }
    }
}

/// What a step can wait for.
public enum ScenarioEvent: Sendable, Equatable, CustomStringConvertible {
    /// The next promotion in the pair (any pair when `nil`) after the previous step fired.
    case promotion(pair: Int?)
    /// The previous step.
    case previousStep

    public var description: String {
        switch self {
        case .promotion(let pair): pair.map { "the next promotion in pair \($0)" } ?? "the next promotion"
        case .previousStep: "the previous step"
        }
    }
}

enum ScenarioText {
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(((value * 100).rounded() / 100)) s"
    }
}
