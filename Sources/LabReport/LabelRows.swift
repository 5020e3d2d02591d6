/// Stacks labels that would overlap on one line into as many rows as needed: each label goes
/// to the first row whose last label ends before it starts.
struct LabelRows {
    private(set) var rowEnds: [Double] = []

    var count: Int { rowEnds.count }

    /// The row for a label covering `start...end` pixels (with a small gap).
    mutating func place(start: Double, end: Double) -> Int {
        if let row = rowEnds.firstIndex(where: { $0 + 6 <= start }) {
            rowEnds[row] = end
            return row
        }
        rowEnds.append(end)
        return rowEnds.count - 1
    }

    /// Estimated width of a label at the timeline's 11 px font.
    static func width(of text: String) -> Double { Double(text.count) * 6.3 + 4 }
}
