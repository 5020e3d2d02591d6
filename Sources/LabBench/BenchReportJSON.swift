import BunnyCore

/// The `--json FILE` document: the configuration, every run, the medians per operation and
/// target, the B / A comparison, and the machine's load average around the run. Keys are in a
/// fixed order; latencies in microseconds, rates per second, durations in seconds.
public enum BenchReportJSON {
    public struct Context: Sendable {
        /// `/proc/loadavg`'s three figures before and after the run, when known.
        public var loadAverageBefore: [Double]?
        public var loadAverageAfter: [Double]?
        /// The bench's start, RFC 3339 UTC.
        public var startedAt: String
        public var host: String

        public init(loadAverageBefore: [Double]?, loadAverageAfter: [Double]?, startedAt: String, host: String) {
            self.loadAverageBefore = loadAverageBefore
            self.loadAverageAfter = loadAverageAfter
            self.startedAt = startedAt
            self.host = host
        }
    }

    public static func render(
        configuration: BenchConfiguration, results: [BenchRunResult], context: Context
    ) -> String {
        let summary = BenchSummaryRow.rows(results)
        let members: [(String, String)] = [
            ("tool", string("bblab bench")), ("started_at", string(context.startedAt)), ("host", string(context.host)),
            ("load_average_before", context.loadAverageBefore.map(numbers) ?? "null"),
            ("load_average_after", context.loadAverageAfter.map(numbers) ?? "null"),
            ("configuration", render(configuration)),
            ("runs", array(results.map(render))),
            ("summary", array(summary.map(render))),
            ("comparison", array(BenchComparisonRow.rows(summary).map(render))),
        ]
        return object(members) + "\n"
    }

    static func render(_ configuration: BenchConfiguration) -> String {
        var target: [(String, String)]
        switch configuration.target {
        case .spawned(let daemon, let other, let pair):
            target = [
                ("kind", string(pair ? "spawned pair" : "spawned node")), ("a", string(daemon)),
                ("b", other.map(string) ?? "null"),
            ]
        case .socket(let path):
            target = [("kind", string("socket")), ("a", string(path)), ("b", "null")]
        }
        var rate = "null"
        if case .openLoop(let operationsPerSecond) = configuration.mode { rate = number(operationsPerSecond) }
        return object([
            ("target", object(target)), ("operations", array(configuration.operations.map { string($0.rawValue) })),
            ("mode", string(configuration.mode.name)), ("rate_per_s", rate),
            ("connections", String(configuration.connections)),
            ("duration_s", number(configuration.duration.secondsValue)),
            ("warmup_s", number(configuration.warmup.secondsValue)), ("stores", String(configuration.stores)),
            ("body_bytes", String(configuration.bodyBytes)), ("rounds", String(configuration.rounds)),
            ("threads", String(configuration.threads)), ("transport", string(configuration.transport.rawValue)),
            ("drain_timeout_s", number(configuration.drainTimeout.secondsValue)),
            ("customer", string(configuration.customer)),
            ("mix_percent", object(BenchMix.shares.map { ($0.operation.rawValue, String($0.percent)) })),
        ])
    }

    static func render(_ result: BenchRunResult) -> String {
        var members: [(String, String)] = [
            ("target", string(BenchTable.targetName(result.targetIndex))), ("daemon", string(result.target)),
            ("round", String(result.round)), ("mode", string(result.mode.name)),
            ("connections", String(result.connections)), ("window_s", number(result.window.secondsValue)),
        ]
        members += figureMembers(result.figures)
        if !result.components.isEmpty {
            members.append(("components", array(result.components.map { object(figureMembers($0)) })))
        }
        members.append(("send_lag_us", result.sendLag.map(render) ?? "null"))
        members.append(("unsent_operations", String(result.unsentOperations)))
        members.append(("unanswered_at_end", String(result.unansweredAtEnd)))
        return object(members)
    }

    static func figureMembers(_ figures: BenchOperationFigures) -> [(String, String)] {
        [
            ("operation", string(figures.operation.rawValue)), ("successes", String(figures.successes)),
            ("failures", String(figures.failures)), ("ops_per_s", number(figures.operationsPerSecond)),
            ("http_requests", String(figures.requests)), ("errors", counts(figures.failuresByKey)),
            ("latency_us", render(figures.latency)),
        ]
    }

    static func render(_ row: BenchSummaryRow) -> String {
        object([
            ("operation", string(row.operation.rawValue)), ("target", string(BenchTable.targetName(row.targetIndex))),
            ("daemon", string(row.target)), ("rounds", String(row.rounds)), ("connections", String(row.connections)),
            ("median_ops_per_s", number(row.medianOperationsPerSecond)),
            ("median_latency_us", render(row.medianLatency)), ("successes", String(row.successes)),
            ("errors", counts(row.failuresByKey)),
        ])
    }

    static func render(_ row: BenchComparisonRow) -> String {
        object([
            ("operation", string(row.operation.rawValue)),
            ("a_ops_per_s", number(row.baseline.medianOperationsPerSecond)),
            ("b_ops_per_s", number(row.candidate.medianOperationsPerSecond)),
            ("ops_per_s_ratio", row.operationsPerSecondRatio.map(number) ?? "null"),
            ("a_p50_us", number(row.baseline.medianLatency.p50)), ("b_p50_us", number(row.candidate.medianLatency.p50)),
            ("p50_ratio", row.p50Ratio.map(number) ?? "null"),
            ("a_p99_us", number(row.baseline.medianLatency.p99)), ("b_p99_us", number(row.candidate.medianLatency.p99)),
            ("p99_ratio", row.p99Ratio.map(number) ?? "null"),
        ])
    }

    static func render(_ latency: BenchLatencySummary) -> String {
        object([
            ("count", String(latency.count)), ("p50", number(latency.p50)), ("p90", number(latency.p90)),
            ("p99", number(latency.p99)), ("p999", number(latency.p999)), ("max", number(latency.max)),
            ("mean", number(latency.mean)),
        ])
    }

    // MARK: JSON text

    static func counts(_ values: [String: Int]) -> String {
        object(values.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })
    }

    static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONText.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }

    static func numbers(_ values: [Double]) -> String { array(values.map(number)) }

    /// Integers without a fraction, others with up to 4 decimals; non-finite as null.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        var text = BenchNumberFormat.decimal(value, 4)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
