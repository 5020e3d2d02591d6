/// Splits one fuzz input into newline-separated fields, so a single byte string can carry
/// several arguments (a customer ID and a store ID, say). Missing fields are empty.
public struct FuzzInputLines {
    public let fields: [String]

    public init(_ bytes: UnsafeRawBufferPointer, maximumFields: Int) {
        let parts = bytes.split(
            separator: UInt8(ascii: "\n"), maxSplits: maximumFields - 1, omittingEmptySubsequences: false)
        fields = parts.map { String(decoding: $0, as: UTF8.self) }
    }

    public subscript(_ index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }
}
