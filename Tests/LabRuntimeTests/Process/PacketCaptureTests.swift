import Foundation
import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("PacketCapture on loopback", .timeLimit(.minutes(1)), .ownThreadsUnqueued)
struct PacketCaptureTests {
    static let isRoot = geteuid() == 0

    @Test func filterExpression() {
        #expect(PacketCapture.filterExpression(ports: [7001, 7002]) == "tcp port 7001 or tcp port 7002")
    }

    @Test(.enabled(if: isRoot)) func capturesLoopbackTrafficToAPort() throws {
        let folder = ProcessTestFolder()
        let listener = try LoopbackListener()
        let file = folder.file("lab.pcap")
        let capture: PacketCapture
        switch PacketCapture.start(ports: [listener.port], file: file) {
        case .success(let started): capture = started
        case .failure(let unavailable):
            Issue.record("capture unavailable as root: \(unavailable)")
            return
        }
        #expect(capture.filter == "tcp port \(listener.port)")
        try listener.exchange("hello over loopback")
        // Handshake (3), the data and its ACK (2), then the closes: wait for the data packet
        // itself, not just the handshake, or a loaded machine stops the capture before it.
        #expect(ProcessTestSupport.eventually(timeout: .seconds(10)) { capture.packetCount >= 5 })
        let count = capture.stop()
        #expect(count > 0)
        #expect(capture.failure == nil)
        #expect(capture.stop() == count, "stop twice")

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        try #require(bytes.count > 24)
        let magic = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(
            [0xd4c3_b2a1, 0xa1b2_c3d4, 0x4d3c_b2a1, 0xa1b2_3c4d].contains(magic), "magic \(String(magic, radix: 16))")
        #expect(bytes.count > 24 + 16 * count, "a record header per packet")
        #expect(bytes.contains(subsequence: Array("hello over loopback".utf8)))
    }

    @Test(.enabled(if: !isRoot)) func withoutPermissionItSaysSoClearly() {
        let folder = ProcessTestFolder()
        guard case .failure(let unavailable) = PacketCapture.start(ports: [7001], file: folder.file("x.pcap")) else {
            Issue.record("captured without root (CAP_NET_RAW granted?)")
            return
        }
        #expect(unavailable.cause == .permissionDenied)
        #expect("\(unavailable)".contains("needs root or CAP_NET_RAW"))
    }

    @Test func unknownInterfaceAndNoPortsAreClearFailures() {
        let folder = ProcessTestFolder()
        guard case .failure(let noPorts) = PacketCapture.start(ports: [], file: folder.file("x.pcap")) else {
            Issue.record("started without ports")
            return
        }
        #expect(noPorts.cause == .noPorts)
        guard
            case .failure(let noInterface) = PacketCapture.start(
                ports: [7001], file: folder.file("y.pcap"), interface: "bblabnone0")
        else {
            Issue.record("captured on a nonexistent interface")
            return
        }
        #expect(noInterface.cause == (Self.isRoot ? .noSuchInterface : .permissionDenied), "\(noInterface)")
        #expect("\(noInterface)".hasPrefix("packet capture unavailable: "))
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}

/// A TCP listener on 127.0.0.1 (ephemeral port) with plain sockets.
private final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) }
        }
        guard bound == 0, listen(listening, 4) == 0 else {
            close(listening)
            throw ListenerFailure()
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) }
        }
        descriptor = listening
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    struct ListenerFailure: Error {}

    /// Connects, sends `text`, and reads it on the accepted side.
    func exchange(_ text: String) throws {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let accepted = accept(descriptor, nil, nil)
        try #require(accepted >= 0)
        defer { close(accepted) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let received = buffer.withUnsafeMutableBytes { recv(accepted, $0.baseAddress, $0.count, 0) }
        #expect(received == bytes.count)
    }

    deinit { close(descriptor) }
}
