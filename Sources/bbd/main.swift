// Temporary launcher until the command-line target lands: `bbd --uds PATH [--tcp ADDR]`.
import BunnyCore
import BunnyCrypto
import BunnyServer
import Logging
import ServiceLifecycle

var configuration = DaemonConfiguration()
for argument in CommandLine.arguments.dropFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    let value = parts.count > 1 ? parts[1] : ""
    func seconds() -> Duration { .seconds(Int(value.dropLast()) ?? 10) }
    switch parts[0] {
    case "--uds": configuration.unixSocketPath = value
    case "--tcp": configuration.tcpListenAddress = value
    case "--rate-limit": configuration.replica.rateLimitPerSecond = Int(value) ?? 100
    case "--host-id": configuration.replica.hostID = value
    case "--internal-token": configuration.internalToken = value
    case "--advertise-addr": configuration.advertiseAddress = value
    case "--peers":
        configuration.replica.peers = value.split(separator: ",").map {
            let parts = $0.split(separator: "@", maxSplits: 1).map(String.init)
            return PeerAddress(hostID: parts[0], address: parts.count > 1 ? parts[1] : parts[0])
        }
    case "--http-max-header-bytes": configuration.httpMaximumHeaderBytes = Int(value) ?? 1_048_576
    case "--http-read-header-timeout": configuration.httpReadHeaderTimeout = seconds()
    case "--http-idle-timeout": configuration.httpIdleTimeout = seconds()
    default: break
    }
}
let logger = Logger(label: "bbd")
let cipher = try StoreIDCipher(keyRing: .development, site: configuration.replica.site)
let daemon = Daemon(configuration: configuration, cipher: cipher, logger: logger)
let group = ServiceGroup(services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
try await group.run()
