import Testing

@testable import LabCore

@Suite("Fault requests of the control API")
struct FaultRequestTests {
    func decode(_ text: String) throws -> FaultRequest { try FaultRequest.decode(Array(text.utf8)) }

    @Test(arguments: [
        FaultRequest(command: .partition(from: "primary", to: "secondary", mode: .blackhole, oneWay: false)),
        FaultRequest(command: .partition(from: "node1", to: "node2", mode: .refuse, oneWay: true), pair: 2),
        FaultRequest(
            command: .linkRule(
                link: LinkSelector(from: "node1", to: "node2"), classes: ["heartbeat"], rule: .drop(probability: 0.3))),
        FaultRequest(
            command: .linkRule(
                link: LinkSelector(from: "primary", to: "secondary"), classes: [],
                rule: .delay(milliseconds: 200, jitterMilliseconds: 20))),
        FaultRequest(
            command: .linkRule(link: LinkSelector(from: "node2", to: "node1"), classes: ["replicate"], rule: .reorder)),
        FaultRequest(command: .replayNow(link: LinkSelector(from: "node1", to: "node2"))),
        FaultRequest(command: .kill(target: "primary")),
        FaultRequest(command: .promote(target: "node2")),
        FaultRequest(command: .skew(target: "node2", seconds: -2.5)),
    ])
    func roundTrips(request: FaultRequest) throws {
        #expect(try decode(String(decoding: request.encode(), as: UTF8.self)) == request)
    }

    @Test(arguments: [
        (#"{"fault":"explode"}"#, "unknown fault"),
        (#"{"fault":"drop","link":"node1->node2","probability":2}"#, "between 0 and 1"),
        (#"{"fault":"drop","link":"node1","probability":0.5}"#, "A->B"),
        (#"{"fault":"delay","link":"a->b","ms":-1}"#, "negative"),
        (#"{"fault":"drop","link":"a->b","classes":["gossip"]}"#, "unknown message class"),
        (#"{"fault":"kill"}"#, "\"target\" is required"),
        (#"{"fault":"kill","target":"node1","colour":"red"}"#, "unknown key"),
        (#"{"fault":"partition","from":"a","to":"b","mode":"melt"}"#, "unknown partition mode"),
        (#"{"fault":"kill","target":"node1","pair":0}"#, "pair"),
        ("[1]", "JSON object"),
        ("{", "malformed JSON"),
    ])
    func refusesBadRequestsWithTheReason(text: String, reason: String) {
        do {
            _ = try FaultRequest.decode(Array(text.utf8))
            Issue.record("\(text) should be refused")
        } catch let problem {
            #expect(problem.message.contains(reason), "\(problem.message)")
        }
    }
}
