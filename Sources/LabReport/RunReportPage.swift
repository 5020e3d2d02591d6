import LabCheckers

/// The report of one run as one self-contained HTML page: inline CSS and SVG, no script, no
/// external reference of any kind, so it can be mailed, archived or opened from disk.
///
/// Top to bottom: title and parameters, the verdict table (violations first), what happened
/// (faults applied, operations by workload), the timeline (roles and epochs per node, fault
/// windows, failovers, peer message rates, throughput and latencies, evidence spans), and each
/// checker's evidence, numbered `E1`, `E2`, … as on the timeline.
public enum RunReportPage {
    /// The `<meta>` carrying the scenario title, so the index can show it without re-reading
    /// the scenario (see ``embeddedTitle(in:)``).
    public static let titleMetaName = "bblab-title"

    /// Evidence items listed per checker before the list is cut short.
    public static let evidencePerChecker = 100
    /// Operation ids listed per evidence item before the list is cut short.
    public static let operationIDsPerEvidence = 40

    public static func render(_ input: RunReportInput) -> String {
        let results = VerdictOrdering.sorted(input.results)
        let evidence = NumberedEvidence.numbering(results)
        let axis = ReportTimeAxis(
            recording: input.recording, origin: input.timeOrigin, left: TimelineChart.plotLeft,
            width: TimelineChart.plotWidth)
        let mustKeep = Set(evidence.flatMap(\.evidence.operationIDs))
        let sample = OperationSample(
            history: input.recording.history, mustKeep: mustKeep, limit: max(input.operationPointLimit, 0))
        let timeline = LeadershipTimeline(recording: input.recording)
        let promotions = input.recording.pairs.flatMap { realPromotions(timeline.terms(inPair: $0)) }
            .sorted { $0.startNanoseconds < $1.startNanoseconds }
        var chart = TimelineChart(
            recording: input.recording, axis: axis, faultWindows: FaultWindow.windows(from: input.recording.faults),
            promotions: promotions, evidence: evidence, sample: sample)

        let title = input.title ?? input.folderName
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if let scenarioTitle = input.title {
            html += "<meta name=\"\(titleMetaName)\" content=\"\(HTMLText.escape(scenarioTitle))\">"
        }
        html += "<title>\(HTMLText.escape(title)) — bblab run report</title>"
        html += "<style>\(ReportStyle.css)</style></head><body><main>\n"
        html += "<h1>\(HTMLText.escape(title))</h1>\n"
        if input.title != nil {
            html += "<p class=\"description\">Run folder <code>\(HTMLText.escape(input.folderName))</code></p>\n"
        }
        if let description = input.description {
            html += "<p class=\"description\">\(HTMLText.escape(description))</p>\n"
        }
        for note in input.notes { html += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        html += ReportTables.parameters(input.parameters)
        html += "<h2>Verdicts</h2>\n" + ReportTables.verdicts(results, evidence: evidence)
        html += "<h2>Timeline</h2>\n" + ReportTables.legend(axis: axis)
        html += "<div class=\"timeline-frame\">" + chart.render() + "</div>\n"
        html += "<h2>What happened</h2>\n"
        html += ReportTables.faults(input.recording.faults, axis: axis)
        html += ReportTables.promotions(promotions, axis: axis)
        html += ReportTables.operations(input.recording.history)
        html += AuctionFigureTable.render(results)
        html += "<h2>Evidence</h2>\n" + EvidenceList.render(results: results, evidence: evidence, axis: axis)
        html += "</main></body></html>\n"
        return html
    }

    /// The terms that began with a promotion: each one at a higher epoch than every earlier
    /// term of its pair. (A PRIMARY that missed one status poll resumes its term at the same
    /// epoch; that is no failover.)
    static func realPromotions(_ terms: [LeadershipTerm]) -> [LeadershipTerm] {
        var highestEpoch: UInt64?
        var promotions: [LeadershipTerm] = []
        for term in terms.sorted(by: { $0.startNanoseconds < $1.startNanoseconds }) {
            if let highest = highestEpoch, term.epoch > highest { promotions.append(term) }
            highestEpoch = max(highestEpoch ?? 0, term.epoch)
        }
        return promotions
    }

    /// The scenario title a report page carries, if any.
    public static func embeddedTitle(in html: String) -> String? {
        let marker = "<meta name=\"\(titleMetaName)\" content=\""
        guard let start = html.firstRange(of: marker)?.upperBound,
            let end = html[start...].firstIndex(of: "\"")
        else { return nil }
        return HTMLText.unescape(String(html[start..<end]))
    }
}
