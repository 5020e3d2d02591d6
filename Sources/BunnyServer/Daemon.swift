import BunnyCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// A running `bbd` node: the replica on one event loop, the Unix-socket and TCP listeners,
/// the maintenance timers, and a graceful shutdown on SIGTERM (via swift-service-lifecycle).
public final class Daemon: Service, @unchecked Sendable {
    public let configuration: DaemonConfiguration
    private let cipher: any StoreIdentityCipher & Sendable
    private let logger: Logger

    public init(
        configuration: DaemonConfiguration, cipher: any StoreIdentityCipher & Sendable, logger: Logger
    ) {
        self.configuration = configuration
        self.cipher = cipher
        self.logger = logger
    }

    public func run() async throws {
        let socketPath = configuration.unixSocketPath
        guard socketPath.utf8.count <= 107 else { throw DaemonError.unixSocketPathTooLong(path: socketPath) }
        let openFiles = ProcessLimits.raiseOpenFileLimit()
        let connectionLimit = ConnectionLimit(configured: configuration.maximumConnections, openFileLimit: openFiles)

        let metrics = DaemonMetrics()
        let coldTier = try ColdTierHost.open(configuration: configuration, metrics: metrics, logger: logger)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let replica = Replica(
            configuration: configuration.replica, cipher: cipher, random: BufferedSystemRandom(),
            coldTier: coldTier?.tier)
        let host = ReplicaHost(replica: replica, eventLoop: loop)
        let persistence: PersistenceStartup.Running?
        if let persistenceConfiguration = configuration.persistence {
            do {
                persistence = try PersistenceStartup(configuration: persistenceConfiguration, logger: logger)
                    .open(host: host, replica: replica)
            } catch {
                try? await group.shutdownGracefully()
                throw error
            }
        } else {
            persistence = nil
        }
        let tracker = ConnectionTracker(
            timeouts: .init(
                readHeader: configuration.httpReadHeaderTimeout, read: configuration.httpReadTimeout,
                write: configuration.httpWriteTimeout, idle: configuration.httpIdleTimeout))
        let coordinator = ClusterCoordinator(host: host, configuration: configuration, logger: logger, metrics: metrics)
        coordinator.persistence = persistence?.controller

        let unixServer: any Channel
        do {
            unixServer = try await ProcessLimits.withOwnerOnlyUmask {
                self.serverBootstrap(
                    group: group, host: host, coordinator: coordinator, metrics: metrics, tracker: tracker,
                    listener: .unixSocket, connectionLimit: connectionLimit
                )
                .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true)
            }.get()
            ProcessLimits.setOwnerOnlyMode(path: socketPath)
        } catch {
            try? await group.shutdownGracefully()
            coldTier?.close()
            throw DaemonError.cannotListenOnUnixSocket(path: socketPath, reason: "\(error)")
        }
        let tcpServer = await bindTCP(
            group: group, host: host, coordinator: coordinator, metrics: metrics, tracker: tracker,
            connectionLimit: connectionLimit)
        let advertised = advertisedAddress(boundPort: tcpServer?.localAddress?.port)
        try await loop.submit {
            replica.setAdvertisedAddress(advertised)
            persistence?.controller.start()
            coordinator.start()
        }.get()
        var timers = scheduleTimers(on: loop, host: host, tracker: tracker)
        if let coldTier {
            timers.append(
                loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                    let replica = host.replica
                    replica.runColdTierMaintenance(at: SystemClock.now())
                    coldTier.releaseFreedMemory(evictions: replica.coldTierStatus?.evictions ?? 0)
                })
        }
        logger.info(
            "bbd listening",
            metadata: [
                "uds": "\(socketPath)", "tcp": "\(configuration.tcpListenAddress)",
                "host.id": "\(configuration.replica.hostID)", "open.files.limit": "\(openFiles)",
                "connections.limit": "\(connectionLimit.clients)",
                "advertised": "\(advertised)",
                "peers": "\(configuration.replica.peers.map { "\($0.hostID)@\($0.address)" })",
            ])

        try? await gracefulShutdown()

        logger.info("shutting down")
        try? await unixServer.close()
        try? await tcpServer?.close()
        await drainConnections(tracker: tracker, on: loop)
        await flushReplication(coordinator: coordinator, on: loop)
        await persistence?.close(deadline: SystemClock.monotonicNow() + configuration.shutdownDeadline)
        try? await loop.submit { coordinator.stop() }.get()
        for timer in timers { timer.cancel() }
        try? await group.shutdownGracefully()
        coldTier?.close()
        logger.info("stopped")
    }

    private func serverBootstrap(
        group: MultiThreadedEventLoopGroup, host: ReplicaHost, coordinator: ClusterCoordinator,
        metrics: DaemonMetrics, tracker: ConnectionTracker, listener: Listener, connectionLimit: ConnectionLimit
    ) -> ServerBootstrap {
        let limits = ConnectionPipeline.decoderLimits(maximumHeaderBytes: configuration.httpMaximumHeaderBytes)
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard connectionLimit.admits(openConnections: tracker.count, on: listener) else {
                        ConnectionLimit.refuse(channel)
                        return
                    }
                    try ConnectionPipeline.install(
                        on: channel, host: host, coordinator: coordinator, metrics: metrics, tracker: tracker,
                        listener: listener, limits: limits)
                }
            }
    }

    /// The TCP listener: a failure is logged and the daemon goes on without it, as the
    /// reference does.
    private func bindTCP(
        group: MultiThreadedEventLoopGroup, host: ReplicaHost, coordinator: ClusterCoordinator,
        metrics: DaemonMetrics, tracker: ConnectionTracker, connectionLimit: ConnectionLimit
    ) async -> (any Channel)? {
        let (hostName, port) = TCPAddress.split(configuration.tcpListenAddress)
        guard let port else {
            logger.error(
                "invalid --tcp address; the TCP listener is off", metadata: ["tcp": "\(configuration.tcpListenAddress)"]
            )
            return nil
        }
        if configuration.internalToken.isEmpty {
            logger.warning("no internal token: the TCP listener accepts peer and API requests without authentication")
        }
        do {
            return try await serverBootstrap(
                group: group, host: host, coordinator: coordinator, metrics: metrics, tracker: tracker,
                listener: .tcp(internalToken: configuration.internalToken), connectionLimit: connectionLimit
            ).bind(host: hostName.isEmpty ? "0.0.0.0" : hostName, port: port).get()
        } catch {
            logger.error(
                "cannot listen on TCP; the TCP listener is off",
                metadata: ["tcp": "\(configuration.tcpListenAddress)", "error": "\(error)"])
            return nil
        }
    }

    private func scheduleTimers(
        on loop: any EventLoop, host: ReplicaHost, tracker: ConnectionTracker
    ) -> [RepeatedTask] {
        var tasks: [RepeatedTask] = []
        for job in MaintenanceJob.allCases {
            let period = TimeAmount.nanoseconds(job.period.nanoseconds)
            tasks.append(
                loop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
                    host.replica.runMaintenance(job, at: SystemClock.now())
                })
        }
        let sweep = TimeAmount.nanoseconds(tracker.timeouts.sweepPeriod.nanoseconds)
        tasks.append(
            loop.scheduleRepeatedTask(initialDelay: sweep, delay: sweep) { _ in
                tracker.sweep(at: SystemClock.monotonicNow())
            })
        return tasks
    }

    /// The address announced for forwarding (DECISIONS 31): `--advertise-addr` if given;
    /// otherwise `--tcp`, with a host-less or wildcard host replaced by 127.0.0.1 and port 0 by
    /// the port actually bound.
    private func advertisedAddress(boundPort: Int?) -> String {
        if !configuration.advertiseAddress.isEmpty { return configuration.advertiseAddress }
        var (hostName, port) = TCPAddress.split(configuration.tcpListenAddress)
        if ["", "0.0.0.0", "::"].contains(hostName) {
            hostName = "127.0.0.1"
            logger.warning("--tcp has no routable host; advertising 127.0.0.1 (set --advertise-addr for other hosts)")
        }
        if port == nil || port == 0 { port = boundPort }
        let hostPart = hostName.contains(":") ? "[\(hostName)]" : hostName
        return "\(hostPart):\(port ?? 0)"
    }

    /// Delivers what is left in the replication stream before exiting (DECISIONS 32), bounded
    /// by the shutdown deadline.
    private func flushReplication(coordinator: ClusterCoordinator, on loop: any EventLoop) async {
        let deadline = SystemClock.monotonicNow() + configuration.shutdownDeadline
        while SystemClock.monotonicNow() < deadline {
            let idle =
                (try? await loop.submit {
                    coordinator.pumpReplication(); return coordinator.isReplicationIdle
                }.get()) ?? true
            if idle { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        logger.warning("shutdown: replication not flushed before the deadline")
    }

    /// Lets open connections finish their request, then closes them; bounded by the
    /// shutdown deadline.
    private func drainConnections(tracker: ConnectionTracker, on loop: any EventLoop) async {
        let deadline = SystemClock.monotonicNow() + configuration.shutdownDeadline
        try? await loop.submit { tracker.quiesceAll() }.get()
        while SystemClock.monotonicNow() < deadline {
            let open = (try? await loop.submit { tracker.count }.get()) ?? 0
            if open == 0 { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        try? await loop.submit { tracker.closeAll() }.get()
    }
}

/// Splits `host:port`, `:port` and `[v6]:port`.
enum TCPAddress {
    static func split(_ address: String) -> (host: String, port: Int?) {
        guard let colon = address.lastIndex(of: ":") else { return (address, nil) }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            return (host, nil)
        }
        return (host, port)
    }
}
