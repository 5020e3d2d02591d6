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

    @Test func theAuctionIsOneStoreWithBiddersAndWatchers() throws {
        let plain = try WorkloadSpecification.parse("auction")
        #expect(plain.keys == 1)
        #expect(plain.watchers == WorkloadSpecification.defaultAuctionWatchers)
        #expect(plain.watchTimeoutSeconds == 5)
        let tuned = try WorkloadSpecification.parse(
            "auction:bidders=16,watchers=2000,watch_timeout=10,rate=0,target=any")
        #expect(tuned.clients == 16 && tuned.watchers == 2000 && tuned.watchTimeoutSeconds == 10)
        #expect(tuned.rate == 0 && tuned.target == .any)
        #expect(try WorkloadSpecification.parse(tuned.description) == tuned)
        #expect(try WorkloadSpecification.parse("auction:clients=3").clients == 3)
        #expect(try WorkloadSpecification.parse("auction:watchers=0").watchers == 0)
        // Other workloads have no watchers.
        #expect(try WorkloadSpecification.parse("cart").watchers == 0)
    }

    @Test(arguments: [
        ("auction:keys=4", "keys is not a setting of auction (it runs on one store)"),
        ("counter:watchers=10", "watchers is a setting of the auction workload only"),
        ("cart:bidders=2", "bidders is a setting of the auction workload only"),
        ("auction:watchers=20001", "watchers must be an integer in 0...20000 (got \"20001\")"),
        ("auction:watchers=many", "watchers must be an integer in 0...20000"),
        ("auction:watch_timeout=0", "watch_timeout must be an integer in 1...120 (got \"0\")"),
        ("auction:watch_timeout=121", "watch_timeout must be an integer in 1...120"),
        ("auction:bidders=0", "bidders must be an integer in 1...512"),
        ("auction:ttl=3", "unknown setting \"ttl\" (settings: bidders, watchers, watch_timeout, rate, pair, target)"),
    ])
    func auctionProblemsAreNamed(text: String, expected: String) {
        #expect {
            try WorkloadSpecification.parse(text)
        } throws: { error in
            (error as? WorkloadSpecification.Problem)?.message.contains(expected) == true
        }
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
