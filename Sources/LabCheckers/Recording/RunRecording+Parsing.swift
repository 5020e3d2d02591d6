import BunnyCore
import LabCore

extension RunRecording {
    /// Parses a run folder's files. A malformed line is an error naming the file and line;
    /// a truncated last line (the run was killed mid-write) is ignored.
    public static func parse(files: RunFiles) throws(RecordingError) -> RunRecording {
        let nodes = try parseNodes(files.metadata)
        let history = try lines(of: files.history, file: RunFiles.historyName) { line throws(RecordingError) in
            try HistoryOperation.parse(line: line)
        }
        let status = try lines(of: files.status, file: RunFiles.statusName) { line throws(RecordingError) in
            let fields = try fields(line, context: RunFiles.statusName)
            return StatusObservation(
                timeNanoseconds: try fields.requiredInteger("t_ns"), node: try fields.requiredString("node"),
                reachable: fields.optionalBool("reachable") ?? true, role: fields.optionalString("role") ?? "",
                epoch: UInt64(max(0, fields.optionalInteger("leader_epoch") ?? 0)),
                storeCount: Int(fields.optionalInteger("store_count") ?? 0),
                queueLength: Int(fields.optionalInteger("queue_length") ?? 0),
                registryQueueLength: Int(fields.optionalInteger("registry_queue_length") ?? 0),
                replicationFailCount: Int(fields.optionalInteger("replication_fail_count") ?? 0),
                lastLeaderSeenNanoseconds: fields.optionalString("last_leader_seen").flatMap(GoDurationText.nanoseconds)
            )
        }
        let faults = try lines(of: files.faults, file: RunFiles.faultsName) { line throws(RecordingError) in
            let fields = try fields(line, context: RunFiles.faultsName)
            guard let requestValue = fields.object["request"], case .object(let requestObject) = requestValue else {
                throw RecordingError(reason: "\(RunFiles.faultsName): missing \"request\" object")
            }
            let request: FaultRequest
            do {
                request = try FaultRequest.decode(Array(Self.encode(.object(requestObject)).utf8))
            } catch {
                throw RecordingError(reason: "\(RunFiles.faultsName): \(error)")
            }
            var targets: [String] = []
            if case .array(let values)? = fields.object["targets"] { targets = values.compactMap(\.stringValue) }
            return FaultObservation(
                timeNanoseconds: try fields.requiredInteger("t_ns"), request: request, targets: targets,
                summary: fields.optionalString("summary") ?? "")
        }
        let journal = try lines(of: files.journal, file: RunFiles.journalName) { line throws(RecordingError) in
            let fields = try fields(line, context: RunFiles.journalName)
            let classText = try fields.requiredString("class")
            let fateText = try fields.requiredString("fate")
            guard let messageClass = MessageClass(rawValue: classText), let fate = JournalFate(rawValue: fateText)
            else {
                throw RecordingError(reason: "\(RunFiles.journalName): unknown class \(classText) or fate \(fateText)")
            }
            return ProxyJournalEntry(
                timeNanoseconds: try fields.requiredInteger("time_ns"), link: try fields.requiredString("link"),
                sequence: Int(try fields.requiredInteger("sequence")),
                connection: Int(fields.optionalInteger("connection") ?? 0), messageClass: messageClass,
                method: fields.optionalString("method") ?? "", path: fields.optionalString("path") ?? "",
                requestBytes: Int(fields.optionalInteger("request_bytes") ?? 0),
                leaderEpoch: fields.optionalInteger("leader_epoch").map { UInt64(max(0, $0)) },
                type: fields.optionalInteger("type"), fate: fate, delayMicroseconds: fields.optionalInteger("delay_us"),
                status: fields.optionalInteger("status").map { Int($0) },
                responseBytes: fields.optionalInteger("response_bytes").map { Int($0) },
                roundTripMicroseconds: fields.optionalInteger("round_trip_us"), error: fields.optionalString("error"))
        }
        let resources = try lines(of: files.resources, file: RunFiles.resourcesName) { line throws(RecordingError) in
            let fields = try fields(line, context: RunFiles.resourcesName)
            let eventText = try fields.requiredString("event")
            guard let event = ResourceObservation.Event(rawValue: eventText) else {
                throw RecordingError(reason: "\(RunFiles.resourcesName): unknown event \(eventText)")
            }
            var added: [String] = []
            if case .array(let values)? = fields.object["fds_added"] { added = values.compactMap(\.stringValue) }
            return ResourceObservation(
                timeNanoseconds: try fields.requiredInteger("t_ns"), event: event,
                phase: fields.optionalString("phase"),
                node: fields.optionalString("node"), pid: fields.optionalInteger("pid"),
                state: fields.optionalString("state"),
                unexpectedExits: Int(fields.optionalInteger("unexpected_exits") ?? 0),
                residentKilobytes: fields.optionalInteger("rss_kb"), openFileDescriptors: fields.optionalInteger("fds"),
                childProcesses: fields.optionalInteger("children"), descriptorsAdded: added)
        }
        return RunRecording(
            nodes: nodes, history: history, status: status, faults: faults, journal: journal, resources: resources)
    }

    private static func parseNodes(_ metadata: [UInt8]) throws(RecordingError) -> [RecordedNode] {
        let fields = try fields(metadata, context: RunFiles.metadataName)
        guard case .array(let values)? = fields.object["nodes"] else {
            throw RecordingError(reason: "\(RunFiles.metadataName): missing \"nodes\" array")
        }
        var nodes: [RecordedNode] = []
        for value in values {
            guard let object = value.objectValue else {
                throw RecordingError(reason: "\(RunFiles.metadataName): a node is not an object")
            }
            let node = RecordFields(object: object, context: RunFiles.metadataName)
            nodes.append(
                RecordedNode(name: try node.requiredString("name"), pair: Int(try node.requiredInteger("pair"))))
        }
        return nodes
    }

    static func fields(_ bytes: some Collection<UInt8>, context: String) throws(RecordingError) -> RecordFields {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw RecordingError(reason: "\(context): \(error.description)")
        }
        guard let object = value.objectValue else { throw RecordingError(reason: "\(context): not a JSON object") }
        return RecordFields(object: object, context: context)
    }

    /// Splits JSONL, parses each non-empty line; errors carry the 1-based line number. The last
    /// line is skipped when it has no newline and does not parse (a write cut short).
    private static func lines<Element>(
        of bytes: [UInt8], file: String, _ parse: (ArraySlice<UInt8>) throws(RecordingError) -> Element
    ) throws(RecordingError) -> [Element] {
        var elements: [Element] = []
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            let isUnterminated = end == bytes.count
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                elements.append(try parse(line))
            } catch {
                if isUnterminated { break }
                throw RecordingError(reason: "\(file) line \(lineNumber): \(error.reason)")
            }
        }
        return elements
    }

    /// Minimal re-encoding of a parsed JSON value (for handing a nested object to a decoder
    /// that takes bytes).
    static func encode(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.text
        case .string(let string):
            var bytes: [UInt8] = []
            JSONText.appendString(string, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        case .array(let values): return "[" + values.map(encode).joined(separator: ",") + "]"
        case .object(let object):
            return "{"
                + object.members.map { encode(.string($0.name)) + ":" + encode($0.value) }.joined(separator: ",")
                + "}"
        }
    }
}
