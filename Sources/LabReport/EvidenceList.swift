import LabCheckers

/// Each checker's section: its verdict and summary, then its evidence items numbered as on
/// the timeline, violations marked, long lists cut short with a count.
enum EvidenceList {
    static func render(results: [CheckResult], evidence: [NumberedEvidence], axis: ReportTimeAxis) -> String {
        guard !results.isEmpty else { return "<p>No checker results.</p>\n" }
        var html = ""
        for result in results {
            html += "<section id=\"checker-\(ReportTables.anchor(result.checker))\">"
            html += "<h3>\(HTMLText.escape(result.checker)) \(ReportTables.verdictBadge(result.verdict))</h3>"
            html += "<p>\(HTMLText.escape(result.summary))</p>"
            let items = evidence.filter { $0.checker == result.checker }
            if items.isEmpty {
                html += "<p class=\"truncated\">No evidence items.</p></section>\n"
                continue
            }
            // Violations first, so cutting the list short never hides one behind explained items.
            let ordered = items.filter(\.evidence.isViolation) + items.filter { !$0.evidence.isViolation }
            html += "<ol class=\"evidence\">"
            for item in ordered.prefix(RunReportPage.evidencePerChecker) { html += listItem(item, axis: axis) }
            html += "</ol>"
            if ordered.count > RunReportPage.evidencePerChecker {
                html += "<p class=\"truncated\">… and \(ordered.count - RunReportPage.evidencePerChecker) more "
                html += "evidence items not shown (all are in verdicts.json).</p>"
            }
            html += "</section>\n"
        }
        return html
    }

    private static func listItem(_ item: NumberedEvidence, axis: ReportTimeAxis) -> String {
        let evidence = item.evidence
        var html = "<li id=\"\(item.anchor)\" class=\"\(evidence.isViolation ? "violation" : "explained")\">"
        html += "<span class=\"tag\">\(item.label)</span>"
        html += "<code>\(HTMLText.escape(evidence.kind))</code> "
        html += evidence.isViolation ? "<strong>violation</strong> " : "<em>explained</em> "
        html += "— \(HTMLText.escape(evidence.text))<br><span class=\"meta\">"
        var meta: [String] = []
        if let start = evidence.startNanoseconds {
            if let end = evidence.endNanoseconds, end != start {
                meta.append("span \(axis.label(start)) – \(axis.label(end))")
            } else {
                meta.append("at \(axis.label(start))")
            }
        }
        if !evidence.operationIDs.isEmpty {
            let shown = evidence.operationIDs.prefix(RunReportPage.operationIDsPerEvidence).map { "#\($0)" }
            var text = "operations " + shown.joined(separator: ", ")
            if evidence.operationIDs.count > shown.count {
                text += " … and \(evidence.operationIDs.count - shown.count) more"
            }
            meta.append(text)
        }
        html += HTMLText.escape(meta.joined(separator: " · ")) + "</span></li>"
        return html
    }
}
