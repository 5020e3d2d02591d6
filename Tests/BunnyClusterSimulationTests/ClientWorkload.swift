import BunnyCore

/// A client that writes to whichever node is PRIMARY (a random one if two claim it) and
/// records every acknowledged write, so tests can compare what the pair holds with what was
/// acknowledged.
final class ClientWorkload {
    enum Operation: String, CaseIterable {
        case createBlob, createCounter, updateBlob, increment, delete, createByName, deleteByName, modify
    }

    let cluster: SimulatedCluster
    let customerID: String
    /// Stores this client created, in creation order (deterministic picks).
    private(set) var storeIDs: [String] = []
    /// Stores believed alive, by kind, most recent last.
    private var liveBlobs: [String] = []
    private var liveCounters: [String] = []
    let namePool: [String]

    /// Every acknowledged (store, version) → the contents acknowledged at that version (two
    /// stale primaries may each acknowledge one).
    private(set) var acknowledged: [String: [UInt64: [[UInt8]]]] = [:]
    /// The last acknowledged state of each store (nil: deleted).
    private(set) var latest: [String: StoreSummary?] = [:]
    /// The last acknowledged binding of each name (nil: deleted).
    private(set) var latestNames: [String: String?] = [:]
    /// Stores a delete was acknowledged for, and stores created by name (which sweeps may
    /// delete on their own).
    private(set) var deleted: Set<String> = []
    private(set) var named: Set<String> = []
    private(set) var attempts = 0
    private(set) var acknowledgements = 0
    private(set) var failures: [String: Int] = [:]
    private var running = false

    init(cluster: SimulatedCluster, customerID: String = "acme", names: Int = 6) {
        self.cluster = cluster
        self.customerID = customerID
        self.namePool = (0..<names).map { "name-\($0)" }
    }

    // MARK: - Background load

    /// Issues one random operation every `interval` (uniform) until `stop()`.
    func start(every interval: ClosedRange<Duration> = .milliseconds(40)...(.milliseconds(200))) {
        running = true
        scheduleNext(interval)
    }

    func stop() { running = false }

    private func scheduleNext(_ interval: ClosedRange<Duration>) {
        cluster.schedule(after: cluster.random.duration(in: interval), "client") { [unowned self] in
            guard running else { return }
            randomOperation()
            scheduleNext(interval)
        }
    }

    /// One operation chosen at random, sent to a PRIMARY.
    func randomOperation() {
        let roll = cluster.random.integer(in: 0...99)
        let operation: Operation
        switch roll {
        case 0..<18: operation = .createBlob
        case 18..<26: operation = .createCounter
        case 26..<50: operation = .updateBlob
        case 50..<66: operation = .increment
        case 66..<74: operation = .delete
        case 74..<84: operation = .createByName
        case 84..<90: operation = .deleteByName
        default: operation = .modify
        }
        perform(operation)
    }

    // MARK: - Operations

    /// The node a client would end up at: a PRIMARY that is up.
    var target: Int? {
        let primaries = cluster.primaries
        guard !primaries.isEmpty else { return nil }
        return primaries[cluster.random.integer(in: 0...(primaries.count - 1))]
    }

    @discardableResult
    func perform(_ operation: Operation) -> Bool {
        switch operation {
        case .createBlob: return createBlob() != nil
        case .createCounter: return createCounter() != nil
        case .updateBlob:
            guard let id = pick(counter: false) else { return createBlob() != nil }
            return update(id, to: "u\(cluster.random.integer(in: 0...9999))")
        case .increment:
            guard let id = pick(counter: true) else { return createCounter() != nil }
            return increment(id, by: Int64(cluster.random.integer(in: 1...9)))
        case .delete:
            guard let id = pick(counter: nil) else { return false }
            return delete(id)
        case .createByName:
            return createByName(namePool[cluster.random.integer(in: 0...(namePool.count - 1))]) != nil
        case .deleteByName:
            return deleteByName(namePool[cluster.random.integer(in: 0...(namePool.count - 1))])
        case .modify:
            guard let id = pick(counter: false) else { return false }
            return modify(id, to: "m\(cluster.random.integer(in: 0...9999))")
        }
    }

    /// A recent store of the kind (recent ones are more likely alive).
    private func pick(counter: Bool?) -> String? {
        let kind = counter ?? cluster.random.chance(0.5)
        let candidates = (kind ? liveCounters : liveBlobs).suffix(40)
        guard !candidates.isEmpty else { return nil }
        return candidates[candidates.startIndex + cluster.random.integer(in: 0...(candidates.count - 1))]
    }

    private func forget(_ id: String) {
        if let index = liveBlobs.lastIndex(of: id) { liveBlobs.remove(at: index) }
        if let index = liveCounters.lastIndex(of: id) { liveCounters.remove(at: index) }
    }

    @discardableResult
    func createBlob(_ body: String? = nil, on node: Int? = nil) -> String? {
        let text = body ?? "b\(cluster.random.integer(in: 0...99999))"
        guard let (served, outcome) = send(.create, body: text, on: node),
            case .success(let response) = outcome
        else { return nil }
        let id = String(decoding: response.body, as: UTF8.self)
        created(id, counter: false)
        record(id, on: served)
        return id
    }

    @discardableResult
    func createCounter(value: Int64 = 0, on node: Int? = nil) -> String? {
        guard
            let (served, outcome) = send(
                .create, body: "{\"type\":\"counter\",\"value\":\(value)}", contentType: "application/json", on: node),
            case .success(let response) = outcome
        else { return nil }
        let id = String(decoding: response.body, as: UTF8.self)
        created(id, counter: true)
        record(id, on: served)
        return id
    }

    @discardableResult
    func update(_ id: String, to body: String, on node: Int? = nil) -> Bool {
        guard let (served, outcome) = send(.update(storeID: id), body: body, on: node), case .success = outcome else {
            return false
        }
        record(id, on: served)
        return true
    }

    @discardableResult
    func increment(_ id: String, by delta: Int64, on node: Int? = nil) -> Bool {
        guard let (served, outcome) = send(.increment(storeID: id), body: "{\"delta\":\(delta)}", on: node),
            case .success = outcome
        else { return false }
        record(id, on: served)
        return true
    }

    @discardableResult
    func delete(_ id: String, on node: Int? = nil) -> Bool {
        guard let (_, outcome) = send(.delete(storeID: id), on: node), case .success = outcome else { return false }
        latest[id] = .some(nil)
        deleted.insert(id)
        forget(id)
        return true
    }

    /// begin-modify then complete-modify at once.
    @discardableResult
    func modify(_ id: String, to body: String, on node: Int? = nil) -> Bool {
        guard let (served, outcome) = send(.beginModify(storeID: id), on: node), case .success(let response) = outcome,
            let lock = response.lockID
        else { return false }
        guard cluster.nodes[served].isUp,
            case .success = cluster.handle(request(.completeModify(storeID: id), body: body, lock: lock), on: served)
        else { return false }
        record(id, on: served)
        return true
    }

    @discardableResult
    func createByName(_ name: String, on node: Int? = nil) -> String? {
        guard
            let (served, outcome) = send(
                .createByName(name: name), body: "n\(cluster.random.integer(in: 0...9999))", on: node),
            case .success(let response) = outcome
        else { return nil }
        let id = String(decoding: response.body, as: UTF8.self)
        named.insert(id)
        if latest[id] == nil {
            created(id, counter: false)
            record(id, on: served)
        }
        latestNames[name] = .some(id)
        return id
    }

    @discardableResult
    func deleteByName(_ name: String, on node: Int? = nil) -> Bool {
        guard let served = node ?? target else { return send(.deleteByName(name: name), on: nil) != nil && false }
        let boundStore = cluster.nodes[served].replica.registry.entry(customerID: customerID, name: name)?.storeID
        guard let (_, outcome) = send(.deleteByName(name: name), on: served), case .success = outcome else {
            return false
        }
        latestNames[name] = .some(nil)
        if let boundStore, !boundStore.isEmpty { deleted.insert(boundStore) }
        if let boundStore, !boundStore.isEmpty, latest[boundStore] != nil {
            latest[boundStore] = .some(nil)
            forget(boundStore)
        }
        return true
    }

    // MARK: - Plumbing

    private func created(_ id: String, counter: Bool) {
        storeIDs.append(id)
        if counter { liveCounters.append(id) } else { liveBlobs.append(id) }
    }

    /// Records the store's state on the node that acknowledged the write.
    private func record(_ id: String, on node: Int) {
        guard let record = cluster.nodes[node].replica.stores[id] else { return }
        let summary = StoreSummary(record)
        acknowledged[id, default: [:]][summary.version, default: []].append(summary.bytes)
        latest[id] = .some(summary)
    }

    func request(_ endpoint: PublicEndpoint, body: String = "", contentType: String? = nil, lock: String? = nil)
        -> PublicRequest
    {
        PublicRequest(
            endpoint: endpoint, customerID: customerID, body: .complete(Array(body.utf8)), lockID: lock,
            contentType: contentType)
    }

    private func send(_ endpoint: PublicEndpoint, body: String = "", contentType: String? = nil, on node: Int?)
        -> (Int, PublicOutcome)?
    {
        attempts += 1
        guard let served = node ?? target, cluster.nodes[served].isUp else {
            failures["no primary", default: 0] += 1
            return nil
        }
        let outcome = cluster.handle(request(endpoint, body: body, contentType: contentType), on: served)
        switch outcome {
        case .success: acknowledgements += 1
        case .failure(let error):
            failures["\(error.status) \(error.code.map { "\($0)" } ?? error.message)", default: 0] += 1
        case .forward: failures["forward", default: 0] += 1
        case .wait: failures["wait", default: 0] += 1  // the simulation sends no watches
        }
        return (served, outcome)
    }

    // MARK: - Checks

    /// Stores on `node` whose (version, content) no client ever had acknowledged.
    func unacknowledgedContents(on node: Int) -> [String] {
        var problems: [String] = []
        for (id, summary) in cluster.nodes[node].storeSummaries.sorted(by: { $0.key < $1.key })
        where id.contains(customerID) {
            let contents = acknowledged[id]?[summary.version] ?? []
            if !contents.contains(summary.bytes) {
                problems.append("\(id): \(summary) was never acknowledged")
            }
        }
        return problems
    }

    /// Differences between `node` and the last acknowledged state (for runs without lost writes).
    func differencesFromAcknowledged(on node: Int) -> [String] {
        let stores = cluster.nodes[node].storeSummaries
        var problems: [String] = []
        for id in storeIDs {
            guard let expected = latest[id] else { continue }
            let actual = stores[id]
            switch (expected, actual) {
            case (nil, nil): break
            case (nil, let actual?): problems.append("\(id): deleted but present as \(actual)")
            case (let expected?, nil): problems.append("\(id): missing, expected \(expected)")
            case (let expected?, let actual?):
                if expected.version != actual.version || expected.bytes != actual.bytes {
                    problems.append("\(id): \(actual), expected \(expected)")
                }
            }
        }
        return problems
    }
}
