/// Per-customer token buckets (`api.md` §13): continuous refill at `rate` tokens per second up
/// to `burst`; a request is admitted when at least one token is left, and consumes it.
/// A new bucket starts full. A rate of 0 or less disables limiting.
public struct RateLimiter {
    struct Bucket {
        var tokens: Double
        var refilledAt: MonotonicTime
    }

    public let ratePerSecond: Double
    public let burst: Double
    private var buckets: [String: Bucket] = [:]

    public init(ratePerSecond: Int, burst: Int) {
        self.ratePerSecond = Double(ratePerSecond)
        self.burst = Double(max(0, burst))
    }

    public var isEnabled: Bool { ratePerSecond > 0 }
    public var bucketCount: Int { buckets.count }

    public mutating func admit(customerID: String, at now: MonotonicTime) -> Bool {
        guard isEnabled else { return true }
        let capacity = burst
        let rate = ratePerSecond
        return buckets[customerID, default: Bucket(tokens: capacity, refilledAt: now)].withRefill(
            at: now, rate: rate, capacity: capacity
        ) { bucket in
            guard bucket.tokens >= 1 else { return false }
            bucket.tokens -= 1
            return true
        }
    }

    /// Drops buckets idle for more than `idleLimit` that would be full by now (every 5 min).
    public mutating func dropIdleBuckets(at now: MonotonicTime, idleLimit: Duration = .seconds(600)) {
        let capacity = burst
        let rate = ratePerSecond
        buckets = buckets.filter { _, bucket in
            let idle = now - bucket.refilledAt
            let refilled = bucket.tokens + idle.secondsAsDouble * rate
            return !(idle > idleLimit && refilled >= capacity)
        }
    }
}

extension RateLimiter.Bucket {
    fileprivate mutating func withRefill(
        at now: MonotonicTime, rate: Double, capacity: Double, _ body: (inout Self) -> Bool
    ) -> Bool {
        let elapsed = now - refilledAt
        if elapsed > .zero {
            tokens = Swift.min(capacity, tokens + elapsed.secondsAsDouble * rate)
            refilledAt = now
        }
        return body(&self)
    }
}

extension Duration {
    var secondsAsDouble: Double { Double(nanoseconds) / 1e9 }
}
