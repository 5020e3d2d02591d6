import BunnyCore
import BunnyServer

/// The daemon's flags (`daemon-cli.md` §2, plus `--advertise-addr`), the environment fallbacks
/// for the four secrets, and the start-up checks of §3, producing a `DaemonConfiguration`.
public enum DaemonFlags {
    /// The environment variables consulted when the matching flag is empty; no others are read.
    public static let storeKeysVariable = "SERIALD_STORE_KEYS"
    public static let storeKeyCurrentVariable = "SERIALD_STORE_KEY_CURRENT"
    public static let routingSecretVariable = "SERIALD_ROUTING_SECRET"
    public static let internalTokenVariable = "SERIALD_INTERNAL_TOKEN"

    static var flagSet: FlagSet {
        var flags = FlagSet(name: "bbd")
        flags.string("host-id", default: "host1", usage: "unique host identifier; the smallest ID starts as primary")
        flags.string("site", default: "local", usage: "site name, 1-16 of [a-z0-9-]; part of store-ID key derivation")
        flags.string(
            "uds", default: "/tmp/bbd.sock", usage: "Unix socket path of the public API and operator endpoints")
        flags.string("tcp", default: ":8080", usage: "TCP listen address for peer traffic (host:port or :port)")
        flags.string(
            "advertise-addr",
            usage: "address announced to peers for forwarding (default: the -tcp address, 127.0.0.1 if host-less)")
        flags.string("peers", usage: "comma-separated peers, id@host:port or host:port (empty: single node)")
        flags.integer("memory-limit", usage: "global store-memory cap in bytes (0 = unlimited)")
        flags.integer("customer-memory-quota", usage: "per-customer store-memory cap in bytes (0 = unlimited)")
        flags.string("store-keys", usage: "store-ID master keys, id:hex64,... or 'dev' (env \(storeKeysVariable))")
        flags.string(
            "store-key-current",
            usage: "key ID for new store IDs; empty = greatest ID (env \(storeKeyCurrentVariable))")
        flags.string(
            "routing-secret", usage: "routing secret, any non-empty string (env \(routingSecretVariable))")
        flags.string(
            "internal-token",
            usage: "shared secret for /internal/* on TCP, X-Internal-Token (env \(internalTokenVariable))")
        flags.boolean("dev", usage: "development mode: dev keys and routing secret, internal token optional")
        flags.integer("rate-limit", default: 100, usage: "per-customer requests per second (0 = no rate limiting)")
        flags.integer("burst-size", default: 200, usage: "token-bucket capacity per customer")
        flags.integer("tombstone-customer-limit", usage: "max tombstones per customer (0 = unlimited)")
        flags.integer("tombstone-global-limit", usage: "max tombstones overall (0 = unlimited)")
        flags.duration("http-read-timeout", default: .seconds(30), usage: "HTTP read timeout (both listeners)")
        flags.duration(
            "http-read-header-timeout", default: .seconds(10), usage: "HTTP read-header timeout (both listeners)")
        flags.duration("http-write-timeout", default: .seconds(30), usage: "HTTP write timeout (both listeners)")
        flags.duration(
            "http-idle-timeout", default: .seconds(120), usage: "HTTP keep-alive idle timeout (both listeners)")
        flags.integer(
            "http-max-header-bytes", default: 1_048_576, usage: "maximum HTTP header block in bytes (both listeners)")
        flags.integer(
            "replication-batch", default: 256,
            usage: "replication messages per request to a peer that offers batching (1 = one per request)")
        flags.integer(
            "replication-requests", default: 1,
            usage: "replication requests in flight at once to a peer that offers batching (0 = no limit)")
        flags.string(
            "replication-encoding", default: "binary",
            usage: "batches to a peer that offers both: binary or json (JSON Lines, readable in a capture)")
        flags.integer(
            "replication-backlog-limit", default: 2_000,
            usage: "queued replication messages at which writes wait for the peer to catch up (0 = never wait)")
        flags.duration(
            "lock-wait", default: .milliseconds(100),
            usage: "how long a request waits for a locked store before 409 StoreLocked (0 = answer at once)")
        flags.integer(
            "max-connections", default: 0,
            usage: "open connections before the Unix socket answers 503 (0: the open-file limit minus 1024)")
        flags.boolean(
            "disable-site-verification",
            usage: "leave the site out of store-ID keys and peer checks (must match on both nodes)")
        ColdTierFlags.define(in: &flags)
        definePersistenceFlags(&flags)
        return flags
    }

    /// The flag list, as `bbd -help` prints it.
    public static var usageText: String { flagSet.usageText }

    /// Parses the daemon's arguments (without the program name) and applies the environment
    /// fallbacks and start-up checks. `warning` receives non-fatal remarks (skipped peers).
    ///
    /// Throws `CommandLineError` with exit code 0 for `-help`, 2 for a flag error, and 1 for
    /// an unusable configuration.
    public static func parse(
        arguments: [String], environment: [String: String], warning: (String) -> Void = { _ in }
    ) throws(CommandLineError) -> DaemonConfiguration {
        let flagSet = self.flagSet
        let flags: ParsedFlags
        do {
            flags = try flagSet.parse(arguments)
        } catch {
            switch error {
            case .helpRequested: throw .help(flagSet.usageText)
            case .invalid(let message): throw .flagError(message, usage: flagSet.usageText)
            }
        }
        if let extra = flags.positional.first {
            // The reference ignores these; a stray word (often `-dev false`, which Go reads as
            // `-dev` plus a positional "false") would silently change the meaning.
            throw .flagError(
                "unexpected argument \"\(extra)\": the daemon takes flags only "
                    + "(write booleans as -name=false)",
                usage: flagSet.usageText)
        }

        var configuration = DaemonConfiguration()

        // §3 step 1: environment fallbacks, only for empty flags.
        func secret(_ flag: String, _ variable: String) -> String {
            let value = flags.string(flag)
            return value.isEmpty ? (environment[variable] ?? "") : value
        }
        var storeKeys = secret("store-keys", storeKeysVariable)
        let storeKeyCurrent = secret("store-key-current", storeKeyCurrentVariable)
        var routingSecret = secret("routing-secret", routingSecretVariable)
        let internalToken = secret("internal-token", internalTokenVariable)

        // Step 2: dev defaults.
        let devFlag = flags.boolean("dev")
        if devFlag && storeKeys.isEmpty { storeKeys = "dev" }
        if devFlag && routingSecret.isEmpty { routingSecret = "dev" }

        // Step 3: dev mode.
        let developmentMode = devFlag || storeKeys == "dev"

        // Step 4: production guards.
        if !developmentMode {
            if storeKeys.isEmpty {
                throw .configuration(
                    "production mode requires --store-keys or \(storeKeysVariable) (use --dev for dev mode)")
            }
            if routingSecret.isEmpty {
                throw .configuration(
                    "production mode requires --routing-secret or \(routingSecretVariable) (use --dev for dev mode)")
            }
            if internalToken.isEmpty {
                throw .configuration(
                    "production mode requires --internal-token or \(internalTokenVariable) (use --dev for dev mode)")
            }
        }
        // The token travels verbatim in the X-Internal-Token header of every peer request, which
        // is rendered without a header validator: anything but visible ASCII would corrupt it.
        if !internalToken.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw .configuration(
                "invalid --internal-token: only visible ASCII characters (no spaces, control characters or non-ASCII)")
        }
        // Steps 5 and 6 (the keys themselves are parsed by BunnyCrypto when the daemon starts).
        if storeKeys.isEmpty {
            throw .configuration("store keys required: use --store-keys or \(storeKeysVariable), or --dev")
        }
        if routingSecret.isEmpty {
            throw .configuration(
                "routing secret required: use --routing-secret or \(routingSecretVariable), or --dev")
        }

        let hostID = flags.string("host-id")
        if hostID.isEmpty {
            throw .configuration("invalid --host-id: must not be empty")
        }
        let site = flags.string("site")
        if !isValidSite(site) {
            throw .configuration(
                "invalid --site \"\(site)\": expected 1-16 characters of [a-z0-9-] "
                    + "(store IDs cannot be created for any other site)")
        }

        configuration.storeKeys = storeKeys
        configuration.storeKeyCurrent = storeKeyCurrent
        configuration.routingSecret = routingSecret
        configuration.internalToken = internalToken
        configuration.developmentMode = developmentMode
        configuration.siteVerification = !flags.boolean("disable-site-verification")

        configuration.unixSocketPath = flags.string("uds")
        configuration.tcpListenAddress = flags.string("tcp")
        configuration.advertiseAddress = flags.string("advertise-addr")

        configuration.httpReadTimeout = flags.duration("http-read-timeout")
        configuration.httpReadHeaderTimeout = flags.duration("http-read-header-timeout")
        configuration.httpWriteTimeout = flags.duration("http-write-timeout")
        configuration.httpIdleTimeout = flags.duration("http-idle-timeout")
        configuration.httpMaximumHeaderBytes = flags.int("http-max-header-bytes")
        let replicationBatch = flags.int("replication-batch")
        guard (1...256).contains(replicationBatch) else {
            throw .configuration(
                "invalid --replication-batch \(replicationBatch): expected 1 to 256 messages per request")
        }
        configuration.replicationBatchLimit = replicationBatch
        let replicationRequests = flags.int("replication-requests")
        guard (0...256).contains(replicationRequests) else {
            throw .configuration(
                "invalid --replication-requests \(replicationRequests): expected 0 (no limit) to 256 requests in flight"
            )
        }
        configuration.replicationRequestLimit = replicationRequests
        switch flags.string("replication-encoding") {
        case "binary": configuration.replicationUsesBinary = true
        case "json": configuration.replicationUsesBinary = false
        case let other:
            throw .configuration("invalid --replication-encoding \(other): expected binary or json")
        }
        let lockWait = flags.duration("lock-wait")
        guard lockWait >= .zero, lockWait <= .seconds(5) else {
            throw .configuration("invalid --lock-wait \(lockWait): expected 0 to 5s")
        }
        configuration.lockWait = lockWait
        configuration.maximumConnections = flags.int("max-connections")

        var replica = ReplicaConfiguration()
        replica.hostID = hostID
        replica.site = site
        replica.siteVerificationDisabled = !configuration.siteVerification
        replica.advertisedAddress = advertisedAddress(
            explicit: configuration.advertiseAddress, listenAddress: configuration.tcpListenAddress)
        replica.peers = PeerList.parse(flags.string("peers"), warning: warning)
            .filter { $0.hostID != hostID }
            .sorted { $0.hostID.utf8.lexicographicallyPrecedes($1.hostID.utf8) }
        let backlogLimit = flags.int("replication-backlog-limit")
        guard (0...replica.replicationQueueCapacity).contains(backlogLimit) else {
            throw .configuration(
                "invalid --replication-backlog-limit \(backlogLimit): expected 0 to \(replica.replicationQueueCapacity)"
            )
        }
        replica.replicationBackPressureHighWatermark = backlogLimit
        replica.replicationBackPressureLowWatermark = backlogLimit / 4
        replica.memoryLimit = flags.integer("memory-limit")
        replica.customerMemoryQuota = flags.integer("customer-memory-quota")
        replica.rateLimitPerSecond = flags.int("rate-limit")
        replica.burstSize = flags.int("burst-size")
        replica.tombstoneCustomerLimit = flags.int("tombstone-customer-limit")
        replica.tombstoneGlobalLimit = flags.int("tombstone-global-limit")
        configuration.replica = replica
        try ColdTierFlags.apply(flags, to: &configuration)
        configuration.persistence = try persistenceConfiguration(flags)
        return configuration
    }

    /// `^[a-z0-9-]{1,16}$`
    static func isValidSite(_ site: String) -> Bool {
        let bytes = site.utf8
        guard (1...16).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }
    }

    /// The address peers should dial to forward to this node (DECISIONS 31): `--advertise-addr`
    /// when given; otherwise `--tcp`, with a missing or wildcard host replaced by loopback
    /// (`:8081` → `127.0.0.1:8081`), since a wildcard is not an address anyone can dial.
    static func advertisedAddress(explicit: String, listenAddress: String) -> String {
        if !explicit.isEmpty { return explicit }
        if listenAddress.hasPrefix(":") { return "127.0.0.1" + listenAddress }
        if listenAddress.hasPrefix("0.0.0.0:") { return "127.0.0.1" + listenAddress.dropFirst("0.0.0.0".count) }
        if listenAddress.hasPrefix("[::]:") { return "[::1]" + listenAddress.dropFirst("[::]".count) }
        return listenAddress
    }
}
