import BunnyCore
import CoreMetrics
import Prometheus

/// The cold tier's metrics (only with `--hot-memory-limit`): hot and cold store counts, hot
/// memory, the tier's index, promotions and evictions (gauges mirrored from the replica when
/// scraped), and the latency of each read from and write to the cold files (buckets from 1 µs:
/// a read from the page cache takes a few).
/// Confined to the replica's event loop, like `DaemonMetrics`.
final class ColdTierMetrics: @unchecked Sendable {
    private let readLatency: CoreMetrics.Timer
    private let writeLatency: CoreMetrics.Timer
    private let gauges: [String: CoreMetrics.Gauge]

    init(factory daemonFactory: PrometheusMetricsFactory) {
        var factory = daemonFactory
        factory.defaultDurationHistogramBuckets = [
            .microseconds(1), .microseconds(2), .microseconds(5), .microseconds(10), .microseconds(25),
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
            .milliseconds(5), .milliseconds(25), .milliseconds(100), .seconds(1),
        ]
        readLatency = CoreMetrics.Timer(label: "bbd_cold_read_seconds", factory: factory)
        writeLatency = CoreMetrics.Timer(label: "bbd_cold_write_seconds", factory: factory)
        var gauges: [String: CoreMetrics.Gauge] = [:]
        for name in [
            "bbd_hot_stores", "bbd_cold_stores", "bbd_hot_memory_bytes", "bbd_hot_memory_limit_bytes",
            "bbd_cold_index_bytes", "bbd_cold_promotions", "bbd_cold_evictions", "bbd_cold_idle_evictions",
            "bbd_cold_eviction_failures",
        ] {
            gauges[name] = CoreMetrics.Gauge(label: name, factory: factory)
        }
        self.gauges = gauges
    }

    func recordRead(_ duration: Duration) {
        readLatency.recordNanoseconds(duration.nanoseconds)
    }

    func recordWrite(_ duration: Duration) {
        writeLatency.recordNanoseconds(duration.nanoseconds)
    }

    func refresh(_ status: ColdTierStatus) {
        gauges["bbd_hot_stores"]?.record(Double(status.hotStoreCount))
        gauges["bbd_cold_stores"]?.record(Double(status.coldStoreCount))
        gauges["bbd_hot_memory_bytes"]?.record(Double(status.hotMemoryBytes))
        gauges["bbd_hot_memory_limit_bytes"]?.record(Double(status.hotMemoryLimit))
        gauges["bbd_cold_index_bytes"]?.record(Double(status.coldIndexBytes))
        gauges["bbd_cold_promotions"]?.record(Double(status.promotions))
        gauges["bbd_cold_evictions"]?.record(Double(status.evictions))
        gauges["bbd_cold_idle_evictions"]?.record(Double(status.idleEvictions))
        gauges["bbd_cold_eviction_failures"]?.record(Double(status.evictionFailures))
    }
}
