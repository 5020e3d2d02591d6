import BunnyCore
import LabCheckers

/// Reads `verdicts.json` as `RunFolderCheck` writes it: an array of
/// `{"checker","verdict","summary","figures":{name: number},"evidence":[{"kind","violation",
/// "text","operations":[id…],"start_ns","end_ns"}]}`.
public enum VerdictsDocument {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(Problem) -> [CheckResult] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw Problem(description: "verdicts.json: \(error.description)")
        }
        guard case .array(let items) = value else { throw Problem(description: "verdicts.json: not a JSON array") }
        var results: [CheckResult] = []
        for (index, item) in items.enumerated() {
            let context = "verdicts.json item \(index + 1)"
            guard let object = item.objectValue else { throw Problem(description: "\(context): not an object") }
            guard let checker = object["checker"]?.stringValue else {
                throw Problem(description: "\(context): missing \"checker\"")
            }
            guard let verdictText = object["verdict"]?.stringValue, let verdict = CheckVerdict(rawValue: verdictText)
            else { throw Problem(description: "\(context) (\(checker)): missing or unknown \"verdict\"") }
            var figures: [CheckFigure] = []
            if let figureObject = object["figures"]?.objectValue {
                for member in figureObject.members {
                    if case .number(let number) = member.value, let double = Double(number.text) {
                        figures.append(CheckFigure(member.name, double))
                    }
                }
            }
            var evidence: [CheckEvidence] = []
            if case .array(let evidenceItems)? = object["evidence"] {
                for evidenceItem in evidenceItems {
                    guard let fields = evidenceItem.objectValue else { continue }
                    var operationIDs: [Int] = []
                    if case .array(let ids)? = fields["operations"] {
                        operationIDs = ids.compactMap {
                            if case .number(let number) = $0 { return number.int64Value.map { Int($0) } }
                            return nil
                        }
                    }
                    evidence.append(
                        CheckEvidence(
                            kind: fields["kind"]?.stringValue ?? "", text: fields["text"]?.stringValue ?? "",
                            operationIDs: operationIDs, startNanoseconds: integer(fields["start_ns"]),
                            endNanoseconds: integer(fields["end_ns"]),
                            isViolation: fields["violation"] == .bool(true)))
                }
            }
            results.append(
                CheckResult(
                    checker: checker, verdict: verdict, summary: object["summary"]?.stringValue ?? "",
                    evidence: evidence, figures: figures))
        }
        return results
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        if case .number(let number)? = value { return number.int64Value }
        return nil
    }
}
