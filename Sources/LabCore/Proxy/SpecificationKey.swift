/// Any JSON key, to list the keys a document actually holds and refuse the unknown ones.
struct SpecificationKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// Throws a `FaultSpecificationError` naming the first key (in sorted order, for a stable
    /// message) that is not one of `known`.
    static func refuseUnknownKeys(in decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: SpecificationKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw FaultSpecificationError(
                field: FaultSpecificationError.path(decoder.codingPath + [SpecificationKey(stringValue: first)]),
                reason: "unknown key; expected one of " + known.joined(separator: ", "))
        }
    }
}
