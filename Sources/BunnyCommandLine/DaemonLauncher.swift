import BunnyCrypto
import BunnyServer
import Logging
import ServiceLifecycle

/// Runs the daemon for a parsed configuration until SIGTERM or SIGINT: builds the store-ID
/// cipher from the key configuration (a bad key set is a start-up error, exit 1), then the
/// `Daemon` under a service group that turns the signals into a graceful shutdown.
public enum DaemonLauncher {
    public static func run(_ configuration: DaemonConfiguration) async throws -> Int32 {
        let keyRing: StoreKeyRing
        do {
            keyRing = try StoreKeyRing(storeKeys: configuration.storeKeys, currentKeyID: configuration.storeKeyCurrent)
        } catch {
            throw CommandLineError.configuration("invalid --store-keys: \(error)")
        }
        let cipher = try StoreIDCipher(
            keyRing: keyRing, site: configuration.replica.site, siteVerification: configuration.siteVerification)
        var logger = Logger(label: "bbd")
        logger[metadataKey: "host.id"] = "\(configuration.replica.hostID)"
        let daemon = Daemon(configuration: configuration, cipher: cipher, logger: logger)
        let group = ServiceGroup(
            services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        return 0
    }
}
