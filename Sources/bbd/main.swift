// Temporary launcher until the command-line target lands: `bbd --uds PATH [--tcp ADDR]`.
import BunnyCrypto
import BunnyServer
import Logging
import ServiceLifecycle

var configuration = DaemonConfiguration()
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--uds": configuration.unixSocketPath = arguments.next() ?? ""
    case "--tcp": configuration.tcpListenAddress = arguments.next() ?? ""
    case "--rate-limit": configuration.replica.rateLimitPerSecond = Int(arguments.next() ?? "") ?? 100
    default: break
    }
}
let logger = Logger(label: "bbd")
let cipher = try StoreIDCipher(keyRing: .development, site: configuration.replica.site)
let daemon = Daemon(configuration: configuration, cipher: cipher, logger: logger)
let group = ServiceGroup(services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
try await group.run()
