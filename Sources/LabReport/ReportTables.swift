import LabCheckers

/// The HTML tables of the report: parameters, verdicts, legend, faults, failovers and
/// operations by workload.
enum ReportTables {
    static func parameters(_ parameters: [ReportParameter]) -> String {
        guard !parameters.isEmpty else { return "" }
        var html = "<table class=\"parameters\">"
        for parameter in parameters {
            html += "<tr><td>\(HTMLText.escape(parameter.key))</td>"
            html += "<td class=\"mono\">\(HTMLText.escape(parameter.value))</td></tr>"
        }
        return html + "</table>\n"
    }

    /// One row per checker, in the given (violations-first) order, with its key figures and a
    /// link to its evidence.
    static func verdicts(_ results: [CheckResult], evidence: [NumberedEvidence]) -> String {
        guard !results.isEmpty else {
            return "<p class=\"note\">No checker results for this run.</p>\n"
        }
        var html = "<table class=\"verdicts\"><tr><th>checker</th><th>verdict</th><th>summary</th>"
        html += "<th>key figures</th><th>evidence</th></tr>"
        for result in results {
            let items = evidence.filter { $0.checker == result.checker }
            let violations = items.filter(\.evidence.isViolation).count
            html += "<tr class=\"row-\(result.verdict.rawValue)\" data-verdict=\"\(result.verdict.rawValue)\">"
            html += "<td><a href=\"#checker-\(anchor(result.checker))\">\(HTMLText.escape(result.checker))</a></td>"
            html += "<td>\(verdictBadge(result.verdict))</td>"
            html += "<td>\(HTMLText.escape(result.summary))</td>"
            html += "<td class=\"figures\">"
            html += result.figures.prefix(8).map {
                "\(HTMLText.escape($0.name)) = \(ReportNumber.figure($0.value))"
            }.joined(separator: "<br>")
            if result.figures.count > 8 {
                html += "<br><span class=\"truncated\">… \(result.figures.count - 8) more</span>"
            }
            html += "</td><td class=\"number\">"
            if !items.isEmpty { html += "\(items.count)" + (violations > 0 ? " (\(violations) violating)" : "") }
            html += "</td></tr>"
        }
        return html + "</table>\n"
    }

    static func verdictBadge(_ verdict: CheckVerdict?) -> String {
        guard let verdict else { return "<span class=\"verdict verdict-none\">not checked</span>" }
        return "<span class=\"verdict verdict-\(verdict.rawValue)\">\(verdict.rawValue)</span>"
    }

    /// An id-safe form of a checker name, for `#checker-…` links.
    static func anchor(_ name: String) -> String {
        String(
            name.unicodeScalars.map { scalar -> Character in
                let isSafe =
                    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                return isSafe ? Character(scalar) : "-"
            })
    }

    static func legend(axis: ReportTimeAxis) -> String {
        func swatch(_ color: String, _ text: String, opacity: Double = 1) -> String {
            "<span><span class=\"swatch\" style=\"background:\(color);opacity:\(ReportNumber.fixed(opacity, 2))\"></span>"
                + "\(text)</span>"
        }
        let items = [
            swatch(ReportPalette.primary, "PRIMARY"), swatch(ReportPalette.secondary, "SECONDARY"),
            swatch(ReportPalette.joining, "JOINING"), swatch(ReportPalette.unreachable, "unreachable"),
            swatch(ReportPalette.processFault, "kill / pause window", opacity: 0.35),
            swatch(ReportPalette.networkFault, "network fault window", opacity: 0.35),
            swatch(ReportPalette.clockFault, "clock skew", opacity: 0.35),
            swatch(ReportPalette.heartbeat, "heartbeats delivered"),
            swatch(ReportPalette.replicate, "replicates delivered"),
            swatch(ReportPalette.messageLost, "lost (drop, blackhole, reset)"),
            swatch(ReportPalette.messageFailed, "failed upstream (receiver down)"),
            swatch(ReportPalette.operationOK, "ok"), swatch(ReportPalette.operationFail, "fail"),
            swatch(ReportPalette.operationUnknown, "unknown"),
            swatch(ReportPalette.violation, "evidence (violation): span and ◆ operations", opacity: 0.6),
            swatch(ReportPalette.explained, "evidence (explained)", opacity: 0.6),
            "<span>- - - failover (new PRIMARY)</span>",
        ]
        return "<div class=\"legend\">" + items.joined() + "</div>\n"
            + "<p class=\"description\">Hover a band, bar, marker or line for details. Times are seconds "
            + (axis.origin == 0 ? "since the run started" : "since the first operation")
            + " (lab clock).</p>\n"
    }

    static func faults(_ faults: [FaultObservation], axis: ReportTimeAxis) -> String {
        guard !faults.isEmpty else { return "<h3>Faults</h3><p>No faults were applied.</p>\n" }
        var html = "<h3>Faults</h3><table><tr><th>time</th><th>fault</th><th>targets</th></tr>"
        for fault in faults {
            let summary = fault.summary.isEmpty ? FaultWindow.describe(fault) : fault.summary
            html += "<tr><td class=\"number\">\(axis.label(fault.timeNanoseconds))</td>"
            html += "<td>\(HTMLText.escape(summary))</td>"
            html += "<td>\(HTMLText.escape(fault.targets.joined(separator: ", ")))</td></tr>"
        }
        return html + "</table>\n"
    }

    static func promotions(_ promotions: [LeadershipTerm], axis: ReportTimeAxis) -> String {
        guard !promotions.isEmpty else { return "<h3>Failovers</h3><p>No failover was observed.</p>\n" }
        var html = "<h3>Failovers</h3><table><tr><th>time (estimated)</th><th>first seen</th>"
        html += "<th>new PRIMARY</th><th>epoch</th><th>pair</th></tr>"
        for term in promotions {
            html += "<tr><td class=\"number\">\(axis.label(term.startNanoseconds))</td>"
            html += "<td class=\"number\">\(axis.label(term.firstSeenNanoseconds))</td>"
            html += "<td>\(HTMLText.escape(term.node))</td><td class=\"number\">\(term.epoch)</td>"
            html += "<td class=\"number\">\(term.pair)</td></tr>"
        }
        return html + "</table>\n"
    }

    /// Per workload: counts by outcome, latency percentiles of acknowledged operations, and
    /// the most frequent errors.
    static func operations(_ history: [HistoryOperation]) -> String {
        guard !history.isEmpty else { return "<h3>Operations</h3><p>The history is empty.</p>\n" }
        var order: [String] = []
        var byWorkload: [String: [HistoryOperation]] = [:]
        for operation in history {
            if byWorkload[operation.workload] == nil { order.append(operation.workload) }
            byWorkload[operation.workload, default: []].append(operation)
        }
        var html = "<h3>Operations</h3><table><tr><th>workload</th><th>total</th><th>ok</th><th>fail</th>"
        html += "<th>unknown</th><th>p50</th><th>p99</th><th>max</th><th>errors</th></tr>"
        for workload in order {
            let operations = byWorkload[workload] ?? []
            let latencies = operations.filter { $0.outcome == .ok }
                .map { $0.completeNanoseconds - $0.invokeNanoseconds }.sorted()
            func latency(_ fraction: Double) -> String {
                ReportMath.percentile(latencies, fraction).map { ReportNumber.duration(nanoseconds: $0) } ?? "–"
            }
            var errors: [String: Int] = [:]
            for operation in operations where operation.outcome != .ok {
                errors[operation.error ?? operation.status.map { "HTTP \($0)" } ?? "?", default: 0] += 1
            }
            let topErrors = errors.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(4)
                .map { "\(HTMLText.escape($0.key)) ×\($0.value)" }.joined(separator: ", ")
            html += "<tr><td>\(HTMLText.escape(workload))</td><td class=\"number\">\(operations.count)</td>"
            for outcome in [OperationOutcome.ok, .fail, .unknown] {
                html += "<td class=\"number\">\(operations.filter { $0.outcome == outcome }.count)</td>"
            }
            html += "<td class=\"number\">\(latency(0.5))</td><td class=\"number\">\(latency(0.99))</td>"
            html += "<td class=\"number\">\(latency(1))</td><td>\(topErrors)</td></tr>"
        }
        return html + "</table>\n"
    }
}
