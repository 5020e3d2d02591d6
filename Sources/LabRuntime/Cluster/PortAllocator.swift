#if canImport(Glibc)
    import Glibc
#endif

/// Free loopback TCP ports for the lab's daemons and proxies.
///
/// Chosen at random from `range`, below Linux's ephemeral range (32768–60999), and checked by
/// binding each one; all the checking sockets stay open until every port is chosen, so no
/// port is handed out twice. Not the kernel's own choice (bind to port 0): that comes from
/// the ephemeral range, where every outgoing connection and every `--tcp=127.0.0.1:0`
/// listener on the machine also takes its port, so between the check and the daemon's own
/// bind another process could take it — and a proxy would then deliver peer messages to a
/// stranger (seen in the test suite, where single daemons bind port 0 alongside the lab).
enum PortAllocator {
    static let range = 26_000..<32_000

    static func freePorts(_ count: Int) throws -> [Int] {
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts <= 50 * count + 200 else {
                throw LabError.ports("no free port in \(range.lowerBound)-\(range.upperBound - 1)")
            }
            let port = Int.random(in: range)
            guard !ports.contains(port) else { continue }
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw LabError.ports("socket() failed") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                close(descriptor)
                continue
            }
            descriptors.append(descriptor)
            ports.append(port)
        }
        return ports
    }
}
