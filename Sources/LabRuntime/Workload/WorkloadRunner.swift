import Foundation
import BunnyClient
import LabCheckers
import LabCore

/// Runs a set of workloads against a lab's pairs: set-up, the clients until a deadline, and
/// the final reads, every operation recorded in the history.
///
/// Each workload's clients run as tasks; a client's random choices come from its own
/// generator seeded from the run's seed, the workload's index and the client number, so a
/// seed fixes the sequence of choices (not the interleaving, which the daemons decide).
/// With a rate, each client paces itself to `rate / clients` operations per second on a fixed
/// schedule (it does not catch up in bursts after a stall); with rate 0 it runs closed-loop.
public final class WorkloadRunner: Sendable {
    public let specifications: [WorkloadSpecification]
    let drivers: [any WorkloadDriver]
    let context: WorkloadContext
    let seed: UInt64

    /// `sockets`: node name → Unix socket path; `directory` says which node serves a pair.
    public init(
        specifications: [WorkloadSpecification], sockets: [String: String], directory: LeaderDirectory,
        clock: LabClock, recorder: HistoryRecorder, seed: UInt64, requestTimeout: Duration = .seconds(2)
    ) {
        self.specifications = specifications
        self.seed = seed
        let connections = max(4, specifications.map(\.clients).reduce(0, +))
        var clients: [String: BunnyClient] = [:]
        for (name, socketPath) in sockets {
            clients[name] = BunnyClient(
                configuration: BunnyClientConfiguration(
                    unixSocketPath: socketPath, maximumConnections: connections, requestTimeout: requestTimeout))
        }
        var context = WorkloadContext(clock: clock, recorder: recorder, clients: clients, directory: directory)
        // The auction's watchers: one connection each, on clients of their own (the event
        // loop holds them; no thread per watcher), with the descriptors to hold them.
        let watchers = specifications.filter { $0.kind == .auction }.map(\.watchers).reduce(0, +)
        if watchers > 0 {
            OpenFileLimit.raise()
            for (name, socketPath) in sockets {
                context.watchClients[name] = BunnyClient(
                    configuration: BunnyClientConfiguration(
                        unixSocketPath: socketPath, maximumConnections: watchers, requestTimeout: requestTimeout))
            }
        }
        self.context = context
        var seenKinds: [WorkloadKind: Int] = [:]
        drivers = specifications.enumerated().map { index, specification in
            let base = (index + 1) * 1000
            seenKinds[specification.kind, default: 0] += 1
            let occurrence = seenKinds[specification.kind]!
            let stem: String
            switch specification.kind {
            case .counter: stem = "counter"
            case .counterReadModifyWrite: stem = "rmw"
            case .cart: stem = "cart"
            case .session: stem = "session"
            case .named: stem = "name"
            case .register: stem = "register"
            case .auction: stem = "auction"
            }
            let prefix = occurrence == 1 ? stem : "\(stem).\(occurrence)"
            switch specification.kind {
            case .counter: return CounterDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            case .counterReadModifyWrite, .cart:
                return LockedModifyDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            case .session: return SessionDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            case .named: return NamedDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            case .register: return RegisterDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            case .auction: return AuctionDriver(specification: specification, clientBase: base, keyPrefix: prefix)
            }
        }
    }

    /// Creates every workload's stores (bounded by `timeout`).
    public func setUp(timeout: Duration = .seconds(20)) async {
        let deadline = context.clock.now() + timeout.nanoseconds
        for (index, driver) in drivers.enumerated() {
            var random = LinkRandomGenerator(seed: seed &+ UInt64(index) &* 0x1_0000)
            await driver.setUp(context, random: &random, deadline: deadline)
        }
    }

    /// Runs every client until `duration` has passed. Returns `false` when some client was still
    /// waiting `graceAfterDeadline` after the end (a request stuck beyond its own timeout): the
    /// run goes on without it — every run is bounded — and ``shutdown()`` releases it.
    public func run(for duration: Duration, graceAfterDeadline: Duration) async -> Bool {
        await Self.finishes(within: duration + graceAfterDeadline) { await self.run(for: duration) }
    }

    /// Runs every client until `duration` has passed.
    public func run(for duration: Duration) async {
        let start = context.clock.now()
        let deadline = start + duration.nanoseconds
        await withTaskGroup(of: Void.self) { group in
            for (index, driver) in drivers.enumerated() {
                let specification = driver.specification
                for clientIndex in 1...specification.clients {
                    let client = driver.clientBase + clientIndex
                    let seed = self.seed &+ UInt64(index) &* 0x1_0000 &+ UInt64(clientIndex)
                    let context = self.context
                    let interval =
                        specification.rate > 0
                        ? Int64(Double(specification.clients) / specification.rate * 1e9) : 0
                    group.addTask {
                        var random = LinkRandomGenerator(seed: seed)
                        var state = WorkloadClientState()
                        // Spread the clients' first operations over one interval.
                        var next = start + (interval > 0 ? Int64(random.next() % UInt64(interval)) : 0)
                        while true {
                            let now = context.clock.now()
                            if now >= deadline { return }
                            if next > now {
                                try? await Task.sleep(for: .nanoseconds(min(next, deadline) - now))
                                continue
                            }
                            await driver.step(
                                client: client, state: &state, context: context, random: &random, deadline: deadline)
                            if interval > 0 { next = max(next + interval, context.clock.now()) }
                        }
                    }
                }
                addWatchers(of: driver, index: index, deadline: deadline, to: &group)
            }
        }
    }

    /// The driver's watchers, each watching again as soon as its last watch ended, until the
    /// driver says it is done (the auction's watchers outlast the deadline while a bid is still
    /// on its way).
    private func addWatchers(
        of driver: any WorkloadDriver, index: Int, deadline: Int64, to group: inout TaskGroup<Void>
    ) {
        guard driver.watcherCount > 0 else { return }
        for watcher in 1...driver.watcherCount {
            let seed = self.seed &+ UInt64(index) &* 0x1_0000 &+ 0x8000 &+ UInt64(watcher)
            let context = self.context
            group.addTask {
                var random = LinkRandomGenerator(seed: seed)
                var state = WorkloadClientState()
                while await driver.watch(
                    watcher: watcher, state: &state, context: context, random: &random, deadline: deadline)
                {}
            }
        }
    }

    /// ``finalReads(timeout:)``, given up after `limit` (each call has its own timeout; this
    /// bounds the whole even if a call is stuck). `false` when it was given up.
    public func finalReads(within limit: Duration) async -> Bool {
        await Self.finishes(within: limit + .seconds(5)) { await self.finalReads(timeout: limit) }
    }

    /// Reads back every workload's objects from each pair's PRIMARY (workload `final`).
    public func finalReads(timeout: Duration = .seconds(20)) async {
        let deadline = context.clock.now() + timeout.nanoseconds
        for (index, driver) in drivers.enumerated() {
            var random = LinkRandomGenerator(seed: seed &+ UInt64(index) &* 0x1_0000 &+ 0xFFFF)
            await driver.finalReads(context, random: &random, deadline: deadline)
        }
    }

    /// Closes every client connection; waits at most 5 s (a stuck event loop must not hold the
    /// run forever: the lab's teardown kills the daemons anyway).
    public func shutdown() async {
        let clients = Array(context.clients.values) + Array(context.watchClients.values)
        _ = await Self.finishes(within: .seconds(5)) {
            for client in clients { await client.shutdown() }
        }
    }

    /// Runs `work` in its own task and waits for it at most `limit`; `false` if it had not
    /// finished by then (it is left running: a call stuck on an event loop cannot be cancelled,
    /// and the caller's next step — shutting the clients down — is what releases it).
    static func finishes(within limit: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let finished = StopSignal()
        Task {
            await work()
            finished.fire()
        }
        let end = ContinuousClock.now + limit
        while !finished.isFired && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return finished.isFired
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
