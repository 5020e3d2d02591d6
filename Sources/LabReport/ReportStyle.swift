/// The page's inline CSS: system fonts only, readable at 1280 px, printable.
enum ReportStyle {
    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
        color:#1d1d1f;background:#fff;margin:0}
        main{max-width:1220px;margin:0 auto;padding:20px 20px 60px}
        h1{font-size:24px;margin:0 0 4px}
        h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px}
        p.description{margin:0 0 8px;color:#444;max-width:900px}
        p.note{color:#8a5a00;background:#fff6e0;padding:4px 8px;border-radius:4px;display:inline-block;margin:4px 0}
        table{border-collapse:collapse;margin:6px 0}
        th,td{text-align:left;padding:3px 10px 3px 6px;border-bottom:1px solid #eee;vertical-align:top}
        th{background:#f6f6f6;font-weight:600}
        td.number{text-align:right;font-variant-numeric:tabular-nums}
        table.parameters td:first-child{color:#555;white-space:nowrap}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
        .verdict{display:inline-block;min-width:66px;text-align:center;border-radius:3px;padding:0 6px;\
        font-weight:600;color:#fff}
        .verdict-ok{background:#2e8540}
        .verdict-unknown{background:#b7791f}
        .verdict-violation{background:#c9252b}
        .verdict-none{background:#999}
        tr.row-violation td{background:#fff3f3}
        .figures{color:#444;font-size:12.5px}
        .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px;color:#333;margin:6px 0 8px}
        .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px}
        .timeline-frame{overflow-x:auto}
        svg.timeline{display:block;max-width:100%;height:auto;\
        font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
        svg .label{font-size:11px;fill:#333}
        svg .section{font-size:11px;font-weight:600;fill:#555;text-transform:uppercase;letter-spacing:.04em}
        svg .tick{font-size:10px;fill:#666}
        svg .row{font-size:11.5px;fill:#222;font-weight:600}
        svg .row-detail{font-size:10px;fill:#666}
        svg .band-text{font-size:10.5px;fill:#123}
        svg .band-text.light{fill:#fff}
        svg .fault{font-size:11px;fill:#333}
        svg .failover{font-size:11px;font-weight:600;fill:#222}
        svg .evidence-label{font-size:10px;font-weight:700}
        svg .frame{stroke:#ddd;stroke-width:.6}
        svg .hit:hover{fill:rgba(0,0,0,.03)}
        svg rect:hover,svg circle:hover{stroke:#000;stroke-width:.8}
        ol.evidence{padding-left:0;list-style:none;margin:4px 0}
        ol.evidence li{margin:4px 0;padding:4px 8px;border-left:4px solid #bbb;background:#fafafa}
        ol.evidence li.violation{border-left-color:#c9252b;background:#fff5f5}
        ol.evidence .tag{font-weight:700;margin-right:6px}
        ol.evidence .meta{color:#555;font-size:12.5px}
        .truncated{color:#666;font-style:italic}
        a{color:#1f5f99}
        @media print{main{max-width:none}}
        """
}
