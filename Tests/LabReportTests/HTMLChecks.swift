/// Small structural checks on rendered pages.
enum HTMLChecks {
    static func count(_ needle: String, in text: String) -> Int {
        var count = 0
        var rest = Substring(text)
        while let range = rest.firstRange(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }

    /// Offset of the first occurrence, or nil.
    static func offset(of needle: String, in text: String) -> Int? {
        guard let range = text.firstRange(of: needle) else { return nil }
        return text.distance(from: text.startIndex, to: range.lowerBound)
    }
}
