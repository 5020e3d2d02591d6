/// Everything a replica is configured with. Contract constants (`README.md` of the spec,
/// "the 20 numbers") have their documented defaults; tests may shorten none of them without
/// saying so, because the lab measures them from outside.
public struct ReplicaConfiguration: Sendable {
    public var hostID: String = "host1"
    public var site: String = "local"
    /// The address this node announces for forwarding (`--advertise-addr`, else `--tcp`).
    public var advertisedAddress: String = ":8080"
    /// The other hosts of the pair (self excluded).
    public var peers: [PeerAddress] = []

    public var memoryLimit: Int64 = 0
    /// The optional cold tier (`--hot-memory-limit`, `--cold-after`); off by default.
    public var coldTier = ColdTierSettings()
    public var customerMemoryQuota: Int64 = 0
    public var rateLimitPerSecond: Int = 100
    public var burstSize: Int = 200
    public var tombstoneCustomerLimit: Int = 0
    public var tombstoneGlobalLimit: Int = 0

    public var defaultTimeToLive: Duration = .seconds(1_209_600)
    public var lockTimeout: Duration = .milliseconds(500)
    public var lockStateUnknownWindow: Duration = .milliseconds(500)
    public var reservationLifetime: Duration = .seconds(5)
    public var orphanAge: Duration = .seconds(10)
    public var tombstoneLifetime: Duration = .seconds(86_400)
    public var replicationQueueCapacity: Int = 10_000
    /// Replication back-pressure (our addition; the reference has none): at this many queued
    /// messages, while the peer is taking messages, new writes wait until the queue is down to
    /// `replicationBackPressureLowWatermark` (0 = never wait). See `Replica.shouldHoldWrites`.
    public var replicationBackPressureHighWatermark: Int = 2_000
    public var replicationBackPressureLowWatermark: Int = 500
    /// The peer counts as taking messages when one was delivered this recently.
    public var replicationBackPressureLiveness: Duration = .milliseconds(250)
    public var degradedFailureThreshold: Int = 3
    /// Omit the site from key derivation and skip site checks on heartbeats and snapshots.
    public var siteVerificationDisabled = false
    public var heartbeatInterval: Duration = .milliseconds(200)
    public var leaseDuration: Duration = .seconds(2)
    public var leaseGrace: Duration = .seconds(2)
    public var leaseCheckInterval: Duration = .milliseconds(100)
    /// Debounce between join attempts and between discovery rounds of a waiting JOINING node.
    public var recoveryRetryInterval: Duration = .seconds(1)
    public var degradedRecentFailureWindow: Duration = .seconds(5)

    public init() {}
}
