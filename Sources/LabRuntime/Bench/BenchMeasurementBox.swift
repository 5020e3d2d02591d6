import LabBench

/// The measurement of one load thread, shared by the connections of that event loop only
/// (never touched from another thread: one recorder per loop, no locks on the hot path).
final class BenchMeasurementBox {
    var measurement: BenchMeasurement

    init(window: BenchWindow) {
        measurement = BenchMeasurement(window: window)
    }
}
