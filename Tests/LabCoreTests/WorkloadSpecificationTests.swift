import Testing

@testable import LabCore

@Suite struct WorkloadSpecificationTests {
    @Test func defaultsAndSettings() throws {
        let plain = try WorkloadSpecification.parse("cart")
        #expect(plain == WorkloadSpecification(kind: .cart))
        let tuned = try WorkloadSpecification.parse("counter-rmw:clients=8,keys=2,rate=0,pair=2,ttl=5,target=any")
        #expect(
            tuned
                == WorkloadSpecification(
                    kind: .counterReadModifyWrite, clients: 8, keys: 2, rate: 0, pair: 2, timeToLiveSeconds: 5,
                    target: .any))
        #expect(try WorkloadSpecification.parse(tuned.description) == tuned)
    }

    @Test(arguments: [
        ("carts", "unknown workload \"carts\""), ("counter:clients", "\"clients\" is not key=value"),
        ("counter:clients=0", "clients must be an integer in 1...512 (got \"0\")"),
        ("counter:rate=-1", "rate must be operations per second"), ("counter:speed=3", "unknown setting \"speed\""),
        ("counter:target=secondary", "target must be primary or any"),
    ])
    func problemsAreNamed(text: String, expected: String) {
        #expect {
            try WorkloadSpecification.parse(text)
        } throws: { error in
            (error as? WorkloadSpecification.Problem)?.message.contains(expected) == true
        }
    }
}

@Suite struct TimedFaultTests {
    @Test func parsesEachShape() throws {
        let kill = try TimedFault.parse("3s: kill primary")
        #expect(kill.atNanoseconds == 3_000_000_000)
        #expect(kill.request == FaultRequest(command: .kill(target: "primary")))
        let partition = try TimedFault.parse("2.5: partition primary secondary mode=refuse one_way=true")
        #expect(partition.atNanoseconds == 2_500_000_000)
        #expect(
            partition.request
                == FaultRequest(command: .partition(from: "primary", to: "secondary", mode: .refuse, oneWay: true)))
        let drop = try TimedFault.parse("1: drop primary->secondary classes=replicate,heartbeat probability=0.3 pair=2")
        #expect(
            drop.request
                == FaultRequest(
                    command: .linkRule(
                        link: LinkSelector(from: "primary", to: "secondary"), classes: ["replicate", "heartbeat"],
                        rule: .drop(probability: 0.3)), pair: 2))
        #expect(try TimedFault.parse("9: heal").request == FaultRequest(command: .heal))
        #expect(
            try TimedFault.parse("0: skew node2 seconds=3").request
                == FaultRequest(command: .skew(target: "node2", seconds: 3)))
    }

    @Test(arguments: [
        ("kill primary", "expected AT: KIND"), ("x: kill primary", "must be seconds"), ("3:", "no fault given"),
        ("3: kill", "needs one target"), ("3: partition primary", "needs two sides"),
        ("3: explode node1", "unknown fault"),
        ("3: drop primary->secondary probability=2", "between 0 and 1"), ("3: heal now", "takes no arguments"),
        ("3: drop primary->secondary probability=lots", "must be a number"),
    ])
    func problemsAreNamed(text: String, expected: String) {
        #expect {
            try TimedFault.parse(text)
        } throws: { error in
            (error as? FaultRequest.Problem)?.message.contains(expected) == true
        }
    }
}
