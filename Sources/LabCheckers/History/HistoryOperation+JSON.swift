import BunnyCore

/// `history.jsonl`: one operation per line, keys in this order, absent optionals left out:
/// `id`, `client`, `workload`, `kind`, `key`, `store`, `node`, `invoke_ns`, `complete_ns`,
/// `outcome`, `status`, `error`, `retryable`, `attempt`, `retry_of`, `degraded` (only when
/// true), `delta`, `counter`, `data`, `read`, `item`, `lock`, `ttl_ms`, `name`, `version`.
extension HistoryOperation {
    public func jsonLine() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        func key(_ name: String) {
            output.append(output.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            JSONText.appendString(name, to: &output)
            output.append(UInt8(ascii: ":"))
        }
        func integer(_ name: String, _ value: (some BinaryInteger)?) {
            guard let value else { return }
            key(name)
            JSONText.appendInteger(value, to: &output)
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONText.appendString(value, to: &output)
        }
        integer("id", id)
        integer("client", client)
        string("workload", workload)
        string("kind", kind.rawValue)
        string("key", self.key)
        string("store", store)
        string("node", node)
        integer("invoke_ns", invokeNanoseconds)
        integer("complete_ns", completeNanoseconds)
        string("outcome", outcome.rawValue)
        integer("status", status)
        string("error", error)
        if let retryable {
            key("retryable")
            output.append(contentsOf: Array((retryable ? "true" : "false").utf8))
        }
        integer("attempt", attempt)
        integer("retry_of", retryOf)
        if degraded {
            key("degraded")
            output.append(contentsOf: Array("true".utf8))
        }
        integer("delta", delta)
        integer("counter", counter)
        string("data", data)
        string("read", read)
        string("item", item)
        string("lock", lock)
        integer("ttl_ms", ttlMilliseconds)
        string("name", name)
        integer("version", version)
        output.append(UInt8(ascii: "}"))
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads one line; the error says which field is wrong.
    public static func parse(line: some Collection<UInt8>) throws(RecordingError) -> HistoryOperation {
        let fields = try RunRecording.fields(line, context: "history")
        guard let kind = OperationKind(rawValue: try fields.requiredString("kind")) else {
            throw RecordingError(reason: "history: unknown kind \(fields.optionalString("kind") ?? "")")
        }
        guard let outcome = OperationOutcome(rawValue: try fields.requiredString("outcome")) else {
            throw RecordingError(reason: "history: unknown outcome \(fields.optionalString("outcome") ?? "")")
        }
        return HistoryOperation(
            id: Int(try fields.requiredInteger("id")), client: Int(try fields.requiredInteger("client")),
            workload: try fields.requiredString("workload"), kind: kind, key: try fields.requiredString("key"),
            store: fields.optionalString("store"), node: try fields.requiredString("node"),
            invokeNanoseconds: try fields.requiredInteger("invoke_ns"),
            completeNanoseconds: try fields.requiredInteger("complete_ns"), outcome: outcome,
            status: fields.optionalInteger("status").map { Int($0) }, error: fields.optionalString("error"),
            retryable: fields.optionalBool("retryable"), attempt: Int(fields.optionalInteger("attempt") ?? 1),
            retryOf: fields.optionalInteger("retry_of").map { Int($0) },
            degraded: fields.optionalBool("degraded") ?? false,
            delta: fields.optionalInteger("delta"), counter: fields.optionalInteger("counter"),
            data: fields.optionalString("data"), read: fields.optionalString("read"),
            item: fields.optionalString("item"),
            lock: fields.optionalString("lock"), ttlMilliseconds: fields.optionalInteger("ttl_ms"),
            name: fields.optionalString("name"), version: fields.optionalInteger("version"))
    }
}
