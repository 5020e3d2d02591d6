/// The index of a folder of runs: one table row per run linking its `report.html`, in the
/// order given (the caller sorts, newest first).
public enum RunIndexPage {
    public static func render(_ entries: [RunIndexEntry], title: String = "bblab runs") -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(HTMLText.escape(title))</title><style>\(ReportStyle.css)</style></head><body><main>\n"
        html += "<h1>\(HTMLText.escape(title))</h1>\n"
        guard !entries.isEmpty else {
            return html + "<p>No run has a report yet.</p>\n</main></body></html>\n"
        }
        html += "<table class=\"runs\"><tr><th>run</th><th>title</th><th>verdict</th><th>verdicts</th>"
        html += "<th>time</th></tr>"
        for entry in entries {
            let link = HTMLText.relativeLink(folder: entry.folderName, file: "report.html")
            html += "<tr class=\"row-\(entry.worstVerdict?.rawValue ?? "none")\">"
            html += "<td><a href=\"\(HTMLText.escape(link))\">\(HTMLText.escape(entry.folderName))</a></td>"
            html += "<td>\(HTMLText.escape(entry.title ?? ""))</td>"
            html += "<td>\(ReportTables.verdictBadge(entry.worstVerdict))</td>"
            html += "<td>\(HTMLText.escape(entry.verdictSummary))</td>"
            html += "<td class=\"number\">\(HTMLText.escape(entry.time))</td></tr>"
        }
        return html + "</table>\n</main></body></html>\n"
    }
}
