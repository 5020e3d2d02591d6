import BunnyCore

/// Writes one JSON object member by member, in the order the calls are made, the way Go's
/// `encoding/json` lays out a struct (no spaces, Go string escaping).
struct PeerJSONObjectWriter {
    private(set) var bytes: [UInt8]
    private var isEmpty = true

    init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Continues `buffer` (taken over without a copy; `finish()` hands it back with the
    /// object appended), so that a batch of objects is written into one array.
    init(continuing buffer: inout [UInt8], reservingCapacity capacity: Int) {
        bytes = []
        swap(&bytes, &buffer)
        bytes.reserveCapacity(bytes.count + capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func name(_ name: StaticString) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ name: StaticString, _ value: String) {
        self.name(name)
        JSONText.appendString(value, to: &bytes)
    }

    mutating func integer(_ name: StaticString, _ value: some BinaryInteger) {
        self.name(name)
        JSONText.appendInteger(value, to: &bytes)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        self.name(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null(_ name: StaticString) {
        self.name(name)
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func time(_ name: StaticString, _ value: WallTime) {
        self.name(name)
        bytes.append(UInt8(ascii: "\""))
        RFC3339Time.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Integer nanoseconds.
    mutating func duration(_ name: StaticString, _ value: Duration) {
        integer(name, value.nanoseconds)
    }

    mutating func base64(_ name: StaticString, _ value: [UInt8]) {
        self.name(name)
        bytes.append(UInt8(ascii: "\""))
        StandardBase64.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A member whose value is a complete JSON text (a nested object or array).
    mutating func raw(_ name: StaticString, _ json: [UInt8]) {
        self.name(name)
        bytes.append(contentsOf: json)
    }

    /// A member holding an array whose elements are written by `element`.
    mutating func array<Element>(
        _ name: StaticString, _ elements: [Element], _ element: (Element, inout [UInt8]) -> Void
    ) {
        self.name(name)
        bytes.append(UInt8(ascii: "["))
        for (index, item) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(item, &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The finished object, optionally followed by a newline (response bodies).
    consuming func finish(newline: Bool = false) -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        if newline { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }
}
