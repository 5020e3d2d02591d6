import BunnyCore

/// Everything `bbd` runs with, after flags, environment fallbacks and start-up validation
/// (`daemon-cli.md` §2–3). Built by `BunnyCommandLine`; tests build it directly.
public struct DaemonConfiguration: Sendable {
    /// The replica's own settings: host ID, site, peers, limits.
    public var replica = ReplicaConfiguration()

    /// Unix socket path of the public API and the operator endpoints.
    public var unixSocketPath = "/tmp/bbd.sock"
    /// Internal TCP listener, `host:port` or `:port` (all interfaces).
    public var tcpListenAddress = ":8080"
    /// `--advertise-addr`: the address announced to peers for forwarding; empty = derive it
    /// from `tcpListenAddress` (a host-less value advertises 127.0.0.1, DECISIONS 31).
    public var advertiseAddress = ""

    /// The raw `--store-keys` value (`dev` or `id:hex,...`), parsed by `BunnyCrypto`.
    public var storeKeys = ""
    public var storeKeyCurrent = ""
    public var routingSecret = ""
    public var internalToken = ""
    public var developmentMode = false
    public var siteVerification = true

    public var httpReadTimeout: Duration = .seconds(30)
    public var httpReadHeaderTimeout: Duration = .seconds(10)
    public var httpWriteTimeout: Duration = .seconds(30)
    public var httpIdleTimeout: Duration = .seconds(120)
    public var httpMaximumHeaderBytes = 1_048_576
    /// Connections accepted at once before the Unix socket answers `503` (`--max-connections`);
    /// 0: the open-file limit minus 1 024 descriptors kept for the daemon (`ConnectionLimit`).
    public var maximumConnections = 0

    /// Replication messages per request to a peer that offers the batch channel
    /// (`--replication-batch`); 1 sends one request per message, as the reference does.
    public var replicationBatchLimit = 256

    /// Requests in flight at once to a peer that offers the batch channel
    /// (`--replication-requests`; 0: no limit but the 256-message window). While they are
    /// out, new messages wait and leave together in the next request when an answer comes
    /// back, so the stream clocks itself by the peer's round trip: at full load every request
    /// carries more messages, and the secondary wakes (and takes a core from the primary on a
    /// small machine) once per batch instead of once per event-loop tick of the primary.
    /// One request (with batches of up to 256 messages) beat two of 64 on both daemons' CPU
    /// per write, at a lag p99 of 1 ms at 5 000 writes/s (`docs/performance.md`).
    public var replicationRequestLimit = 1

    /// Whether batches to a peer that offers the binary channel use it
    /// (`--replication-encoding=binary`, the default) or stay JSON Lines (`json`, e.g. to read
    /// the stream in a capture). A peer that does not offer it always gets JSON.
    public var replicationUsesBinary = true

    /// How long a request that found its store locked waits for the lock (`--lock-wait`;
    /// zero answers `409 StoreLocked` at once, as the reference does). See `LockWaitQueue`.
    public var lockWait: Duration = .milliseconds(100)

    /// `--cold-dir`: where the cold tier's files go (with `--hot-memory-limit`); empty = a
    /// temporary folder made at start and removed at exit.
    public var coldDirectory = ""

    /// How long a SIGTERM shutdown may take in all (finishing requests, flushing replication).
    public var shutdownDeadline: Duration = .seconds(10)

    /// `--data-dir` and its policy; nil keeps everything in memory only (the default).
    public var persistence: PersistenceConfiguration?

    public init() {}
}
