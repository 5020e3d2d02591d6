import BunnyCore
import CoreMetrics
import Prometheus

/// The daemon's metrics, recorded through swift-metrics into a Prometheus registry of this
/// daemon's own (no global bootstrap), served as text at `GET /metrics` on the Unix socket.
///
/// Counters and histograms are created once per label set and cached, so recording on the
/// request path is a dictionary lookup and an atomic add. Gauges that mirror replica state
/// (role, epoch, stores, memory, queues) are refreshed when scraped.
/// Confined to the replica's event loop (hence `@unchecked Sendable`).
final class DaemonMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private var requestCounters: [RequestKey: CoreMetrics.Counter] = [:]
    private var requestTimers: [String: CoreMetrics.Timer] = [:]
    private let replicationDelivered: CoreMetrics.Counter
    private let replicationFailed: CoreMetrics.Counter
    private let replicationRejected: CoreMetrics.Counter
    private let replicationLag: CoreMetrics.Timer
    private let roleChanges: CoreMetrics.Counter
    private let heldWrites: CoreMetrics.Counter
    private var watchAnswers: [String: CoreMetrics.Counter] = [:]
    private let lockWaitsAcquired: CoreMetrics.Counter
    private let lockWaitsTimedOut: CoreMetrics.Counter
    private let gauges: [String: CoreMetrics.Gauge]
    private let roleGauges: [ReplicaRole: CoreMetrics.Gauge]
    /// Present only with the cold tier on (`enableColdTier`), so `/metrics` is unchanged without it.
    private(set) var coldTier: ColdTierMetrics?

    private struct RequestKey: Hashable {
        var endpoint: String
        var status: Int
    }

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast: [Duration] = [
            .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(50),
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.defaultDurationHistogramBuckets = fast
        self.factory = factory
        replicationDelivered = CoreMetrics.Counter(
            label: "bbd_replication_sends_total", dimensions: [("result", "delivered")], factory: factory)
        replicationFailed = CoreMetrics.Counter(label: "bbd_replication_sends_total", dimensions: [("result", "failed")], factory: factory)
        replicationRejected = CoreMetrics.Counter(
            label: "bbd_replication_sends_total", dimensions: [("result", "rejected")], factory: factory)
        replicationLag = CoreMetrics.Timer(label: "bbd_replication_lag_seconds", factory: factory)
        roleChanges = CoreMetrics.Counter(label: "bbd_role_changes_total", factory: factory)
        heldWrites = CoreMetrics.Counter(label: "bbd_replication_held_writes_total", factory: factory)
        lockWaitsAcquired = CoreMetrics.Counter(
            label: "bbd_lock_waits_total", dimensions: [("result", "served")], factory: factory)
        lockWaitsTimedOut = CoreMetrics.Counter(
            label: "bbd_lock_waits_total", dimensions: [("result", "timed_out")], factory: factory)
        var gauges: [String: CoreMetrics.Gauge] = [:]
        for name in [
            "bbd_leader_epoch", "bbd_stores", "bbd_memory_usage_bytes", "bbd_replication_queue_length",
            "bbd_registry_queue_length", "bbd_replication_consecutive_failures", "bbd_tombstones", "bbd_names",
            "bbd_watches",
        ] {
            gauges[name] = CoreMetrics.Gauge(label: name, factory: factory)
        }
        self.gauges = gauges
        var roleGauges: [ReplicaRole: CoreMetrics.Gauge] = [:]
        for role in [ReplicaRole.primary, .secondary, .joining, .unknown] {
            roleGauges[role] = CoreMetrics.Gauge(label: "bbd_role", dimensions: [("role", role.rawValue)], factory: factory)
        }
        self.roleGauges = roleGauges
    }

    /// One answered request: counted by endpoint and status, timed by endpoint.
    func recordRequest(endpoint: String, status: Int, duration: Duration) {
        let key = RequestKey(endpoint: endpoint, status: status)
        let counter =
            requestCounters[key]
            ?? {
                let counter = CoreMetrics.Counter(
                    label: "bbd_requests_total", dimensions: [("endpoint", endpoint), ("code", String(status))],
                    factory: factory)
                requestCounters[key] = counter
                return counter
            }()
        counter.increment()
        let timer =
            requestTimers[endpoint]
            ?? {
                let timer = CoreMetrics.Timer(label: "bbd_request_duration_seconds", dimensions: [("endpoint", endpoint)], factory: factory)
                requestTimers[endpoint] = timer
                return timer
            }()
        timer.recordNanoseconds(duration.nanoseconds)
    }

    func recordReplication(_ result: ReplicationDeliveryResult, lag: Duration?) {
        switch result {
        case .delivered:
            replicationDelivered.increment()
            if let lag { replicationLag.recordNanoseconds(max(0, lag.nanoseconds)) }
        case .failed: replicationFailed.increment()
        case .rejected: replicationRejected.increment()
        }
    }

    /// A write that waited for the replication backlog (back-pressure).
    func recordHeldWrite() {
        heldWrites.increment()
    }

    /// A request that waited for a store's lock: served once the lock was free, or answered
    /// `409` when its wait ran out.
    func recordLockWait(acquired: Bool) {
        (acquired ? lockWaitsAcquired : lockWaitsTimedOut).increment()
    }

    /// A watch answered: `changed`, `timeout` or `error`.
    func recordWatchAnswer(_ result: String) {
        if let counter = watchAnswers[result] { return counter.increment() }
        let counter = CoreMetrics.Counter(
            label: "bbd_watch_answers_total", dimensions: [("result", result)], factory: factory)
        watchAnswers[result] = counter
        counter.increment()
    }

    /// Turns on the cold tier's metrics (at start-up, with `--hot-memory-limit`).
    func enableColdTier() -> ColdTierMetrics {
        if let coldTier { return coldTier }
        let metrics = ColdTierMetrics(factory: factory)
        coldTier = metrics
        return metrics
    }

    func recordRoleChange() {
        roleChanges.increment()
    }

    /// The Prometheus text exposition, with state gauges refreshed from `status`.
    func render(status: ReplicaStatus, parkedWatches: Int) -> [UInt8] {
        gauges["bbd_watches"]?.record(Double(parkedWatches))
        for (role, gauge) in roleGauges { gauge.record(role == status.role ? 1 : 0) }
        gauges["bbd_leader_epoch"]?.record(Double(status.leaderEpoch))
        gauges["bbd_stores"]?.record(Double(status.storeCount))
        gauges["bbd_memory_usage_bytes"]?.record(Double(status.memoryUsage))
        gauges["bbd_replication_queue_length"]?.record(Double(status.queueLength))
        gauges["bbd_registry_queue_length"]?.record(Double(status.registryQueueLength))
        gauges["bbd_replication_consecutive_failures"]?.record(Double(status.replicationFailCount))
        gauges["bbd_tombstones"]?.record(Double(status.tombstoneCount))
        gauges["bbd_names"]?.record(Double(status.registryCount))
        if let coldTierStatus = status.coldTier { coldTier?.refresh(coldTierStatus) }
        return registry.emitToBuffer()
    }
}
