/// Accumulates SVG elements as text. Coordinates are rounded to 0.1 px; every text and
/// attribute value from the run is escaped.
struct SVGCanvas {
    private(set) var text = ""

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func rectangle(
        x: Double, y: Double, width: Double, height: Double, fill: String, className: String? = nil,
        opacity: Double? = nil, title: String? = nil
    ) {
        text += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(max(width, 0)))\" height=\"\(c(max(height, 0)))\""
        text += " fill=\"\(fill)\""
        if let className { text += " class=\"\(className)\"" }
        if let opacity { text += " fill-opacity=\"\(ReportNumber.fixed(opacity, 2, trimmed: true))\"" }
        close("rect", title: title)
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false,
        title: String? = nil
    ) {
        text += "<line x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\" stroke=\"\(stroke)\""
        text += " stroke-width=\"\(c(width))\""
        if dashed { text += " stroke-dasharray=\"4 3\"" }
        close("line", title: title)
    }

    /// `anchor`: `start`, `middle` or `end`.
    mutating func label(
        _ content: String, x: Double, y: Double, anchor: String = "start", className: String = "label",
        fill: String? = nil
    ) {
        text += "<text x=\"\(c(x))\" y=\"\(c(y))\" text-anchor=\"\(anchor)\" class=\"\(className)\""
        if let fill { text += " fill=\"\(fill)\"" }
        text += ">\(HTMLText.escape(content))</text>"
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, title: String?) {
        text += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(radius))\" fill=\"\(fill)\""
        if let stroke { text += " stroke=\"\(stroke)\" stroke-width=\"1.5\"" }
        close("circle", title: title)
    }

    /// A diamond centred on (x, y): the marker for operations named by evidence.
    mutating func diamond(x: Double, y: Double, size: Double, fill: String, stroke: String, title: String?) {
        text +=
            "<path d=\"M\(c(x)) \(c(y - size))L\(c(x + size)) \(c(y))L\(c(x)) \(c(y + size))L\(c(x - size)) \(c(y))Z\""
        text += " fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\""
        close("path", title: title)
    }

    /// Many dots as one path of zero-length round-capped segments: about 12 bytes a point,
    /// so thousands of points stay small.
    mutating func dots(_ points: [(x: Double, y: Double)], color: String, diameter: Double, opacity: Double) {
        guard !points.isEmpty else { return }
        text += "<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(c(diameter))\" stroke-linecap=\"round\""
        text += " stroke-opacity=\"\(ReportNumber.fixed(opacity, 2, trimmed: true))\" d=\""
        for point in points { text += "M\(c(point.x)) \(c(point.y))h0" }
        text += "\"/>"
    }

    /// Vertical bars on a common baseline, one path per colour.
    mutating func bars(_ bars: [(x: Double, top: Double, bottom: Double)], width: Double, color: String) {
        let drawn = bars.filter { $0.bottom - $0.top > 0.05 }
        guard !drawn.isEmpty else { return }
        text += "<path fill=\"\(color)\" d=\""
        for bar in drawn {
            text += "M\(c(bar.x)) \(c(bar.bottom))V\(c(bar.top))h\(c(width))V\(c(bar.bottom))Z"
        }
        text += "\"/>"
    }

    /// Ends the element opened last: self-closing, or with a `<title>` (a hover tooltip).
    private mutating func close(_ element: String, title: String?) {
        if let title {
            text += "><title>\(HTMLText.escape(title))</title></\(element)>"
        } else {
            text += "/>"
        }
    }

    private func c(_ value: Double) -> String { ReportNumber.coordinate(value) }
}
