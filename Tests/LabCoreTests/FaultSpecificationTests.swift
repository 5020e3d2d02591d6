import Foundation
import LabCore
import Testing

@Suite struct FaultSpecificationTests {
    private func decode(_ text: String) throws -> FaultSpecification {
        do {
            return try JSONDecoder().decode(FaultSpecification.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw FaultSpecificationError(error)
        }
    }

    private func error(_ text: String) -> FaultSpecificationError? {
        do {
            _ = try decode(text)
            return nil
        } catch let error as FaultSpecificationError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func decodesTheDocumentedExample() throws {
        let specification = try decode(
            """
            {"partition":"blackhole","rules":[
              {"classes":["heartbeat"],"drop_probability":0.3},
              {"classes":["replicate","replicate-registry"],"delay_ms":40,"jitter_ms":10,"replay":true},
              {"duplicate_probability":0.05,"reorder":true,"reset_probability":0.01}
            ]}
            """)
        #expect(specification.partition == .blackhole)
        #expect(
            specification.rules == [
                FaultRule(classes: [.heartbeat], dropProbability: 0.3),
                FaultRule(
                    classes: [.replicate, .replicateRegistry], delayMilliseconds: 40, jitterMilliseconds: 10,
                    replay: true),
                FaultRule(duplicateProbability: 0.05, reorder: true, resetProbability: 0.01),
            ])
    }

    @Test func emptyDocumentIsHealthy() throws {
        let specification = try decode("{}")
        #expect(specification == .healthy)
        #expect(specification.isHealthy)
        #expect(try decode(#"{"rules":[]}"#) == .healthy)
        #expect(try decode(#"{"partition":null}"#) == .healthy)
    }

    @Test func encodingWritesOnlyWhatIsSetAndReadsBack() throws {
        let specification = FaultSpecification(
            partition: .drop,
            rules: [FaultRule(classes: [.forwarded], delayMilliseconds: 5), FaultRule(reorder: true)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(specification), as: UTF8.self)
        #expect(text == #"{"partition":"drop","rules":[{"classes":["forwarded"],"delay_ms":5},{"reorder":true}]}"#)
        #expect(try decode(text) == specification)
        #expect(String(decoding: try encoder.encode(FaultSpecification.healthy), as: UTF8.self) == "{}")
    }

    @Test(arguments: [
        (#"{"partitions":"refuse"}"#, "partitions", "unknown key"),
        (#"{"rules":[{"drop_probabilty":0.5}]}"#, "rules[0].drop_probabilty", "unknown key"),
        (#"{"rules":[{},{"delay":5}]}"#, "rules[1].delay", "unknown key"),
        (#"{"rules":[{"drop_probability":1.5}]}"#, "rules[0].drop_probability", "between 0 and 1"),
        (#"{"rules":[{"drop_probability":-0.1}]}"#, "rules[0].drop_probability", "between 0 and 1"),
        (#"{"rules":[{"duplicate_probability":2}]}"#, "rules[0].duplicate_probability", "between 0 and 1"),
        (#"{"rules":[{},{},{"reset_probability":1.01}]}"#, "rules[2].reset_probability", "between 0 and 1"),
        (#"{"rules":[{"delay_ms":-1}]}"#, "rules[0].delay_ms", "negative"),
        (#"{"rules":[{"jitter_ms":-5}]}"#, "rules[0].jitter_ms", "negative"),
        (#"{"rules":[{"delay_ms":600001}]}"#, "rules[0].delay_ms", "at most"),
        (#"{"rules":[{"classes":["heartbeat","heartbeats"]}]}"#, "rules[0].classes[1]", "unknown message class"),
        (#"{"partition":"cut"}"#, "partition", "unknown partition mode"),
        (#"{"rules":[{"delay_ms":"5"}]}"#, "rules[0].delay_ms", "expected a number"),
        (#"{"rules":[{"reorder":1}]}"#, "rules[0].reorder", "expected true or false"),
        (#"{"rules":{"reorder":true}}"#, "rules", "expected an array"),
    ])
    func refusesBadDocumentsNamingTheField(text: String, field: String, reason: String) {
        let error = error(text)
        #expect(error?.field == field, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.description.contains(field) == true)
    }

    @Test func validateChecksSpecificationsBuiltInCode() {
        let bad = FaultSpecification(rules: [FaultRule(), FaultRule(delayMilliseconds: -3)])
        #expect(throws: FaultSpecificationError(field: "rules[1].delay_ms", reason: "must not be negative, got -3.0")) {
            try bad.validate()
        }
        let notANumber = FaultSpecification(rules: [FaultRule(dropProbability: .nan)])
        #expect(throws: FaultSpecificationError.self) { try notANumber.validate() }
        #expect(throws: Never.self) { try FaultSpecification(rules: [FaultRule(dropProbability: 1)]).validate() }
    }

    @Test func firstGoverningRuleWins() {
        let specification = FaultSpecification(rules: [
            FaultRule(classes: [.heartbeat], dropProbability: 1),
            FaultRule(delayMilliseconds: 7),
            FaultRule(classes: [.replicate], dropProbability: 1),
        ])
        #expect(specification.rule(for: .heartbeat)?.dropProbability == 1)
        #expect(specification.rule(for: .replicate)?.delayMilliseconds == 7)
        #expect(FaultSpecification(rules: [FaultRule(classes: [.status])]).rule(for: .forwarded) == nil)
    }
}
