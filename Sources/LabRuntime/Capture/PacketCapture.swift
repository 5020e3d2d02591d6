import CPcap
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A libpcap capture of the lab's TCP ports on the loopback interface, written to a `.pcap`
/// file (Ethernet link type on `lo`) from a background thread until `stop()`.
///
/// Opened in immediate mode with a 100 ms read timeout; the file is flushed after every batch
/// so it can be read while the capture runs.
public final class PacketCapture: @unchecked Sendable {
    public let ports: [Int]
    public let file: String
    public let interface: String
    /// The BPF filter in use (`tcp port 7001 or tcp port 7002`).
    public let filter: String

    private let handle: OpaquePointer
    private let dumper: OpaquePointer
    private let lock = NSLock()
    private var capturedCount = 0
    private var stopRequested = false
    private var closed = false
    private var loopError: String?
    private let finished = DispatchSemaphore(value: 0)

    private init(
        ports: [Int], file: String, interface: String, filter: String, handle: OpaquePointer, dumper: OpaquePointer
    ) {
        self.ports = ports
        self.file = file
        self.interface = interface
        self.filter = filter
        self.handle = handle
        self.dumper = dumper
    }

    /// Packets written so far.
    public var packetCount: Int { lock.withLock { capturedCount } }

    /// A libpcap error that ended the capture early, if any.
    public var failure: String? { lock.withLock { loopError } }

    /// `tcp port A or tcp port B …`
    public static func filterExpression(ports: [Int]) -> String {
        ports.map { "tcp port \($0)" }.joined(separator: " or ")
    }

    /// Starts capturing `ports` on `interface` into `file`. Fails with one clear message, never a
    /// crash, when capture is not possible (no permission, no such interface, libpcap errors).
    public static func start(ports: [Int], file: String, interface: String = "lo") -> Result<
        PacketCapture, CaptureUnavailable
    > {
        guard !ports.isEmpty else { return .failure(CaptureUnavailable(cause: .noPorts, detail: "")) }
        guard ports.allSatisfy({ (1...65535).contains($0) }) else {
            return .failure(CaptureUnavailable(cause: .failed, detail: "ports out of range: \(ports)"))
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            return .failure(
                CaptureUnavailable(
                    cause: .failed, detail: errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
        }
        func fail(_ cause: CaptureUnavailable.Cause, _ detail: String) -> Result<PacketCapture, CaptureUnavailable> {
            pcap_close(handle)
            return .failure(CaptureUnavailable(cause: cause, detail: detail))
        }
        pcap_set_snaplen(handle, 65_535)
        pcap_set_promisc(handle, 0)
        pcap_set_timeout(handle, 100)
        pcap_set_immediate_mode(handle, 1)
        let activation = pcap_activate(handle)
        if activation < 0 {
            let message = String(cString: pcap_geterr(handle))
            switch activation {
            case PCAP_ERROR_PERM_DENIED:
                return fail(.permissionDenied, message)
            case PCAP_ERROR_NO_SUCH_DEVICE:
                return fail(.noSuchInterface, "\(interface): \(message)")
            default:
                let lowered = message.lowercased()
                if lowered.contains("permission") || lowered.contains("not permitted") {
                    return fail(.permissionDenied, message)
                }
                return fail(.failed, "cannot open \(interface): \(message)")
            }
        }
        let filter = filterExpression(ports: ports)
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            return fail(.failed, "bad filter \(filter.debugDescription): \(String(cString: pcap_geterr(handle)))")
        }
        let filtered = pcap_setfilter(handle, &program)
        pcap_freecode(&program)
        guard filtered == 0 else {
            return fail(.failed, "cannot set filter: \(String(cString: pcap_geterr(handle)))")
        }
        guard let dumper = pcap_dump_open(handle, file) else {
            return fail(.failed, "cannot write \(file): \(String(cString: pcap_geterr(handle)))")
        }
        pcap_dump_flush(dumper)  // the file header, at once
        let capture = PacketCapture(
            ports: ports, file: file, interface: interface, filter: filter, handle: handle, dumper: dumper)
        let thread = Thread { capture.run() }
        thread.name = "bblab-capture"
        thread.start()
        return .success(capture)
    }

    private func run() {
        let user = UnsafeMutablePointer<UInt8>(dumper)
        while !lock.withLock({ stopRequested }) {
            let count = pcap_dispatch(handle, -1, { user, header, bytes in pcap_dump(user, header, bytes) }, user)
            if count > 0 {
                pcap_dump_flush(dumper)
                lock.withLock { capturedCount += Int(count) }
            } else if count == PCAP_ERROR_BREAK {
                continue  // stop() asked; the loop condition ends it
            } else if count < 0 {
                let message = String(cString: pcap_geterr(handle))
                lock.withLock { loopError = message }
                break
            }
        }
        finished.signal()
    }

    /// Stops the capture, flushes and closes the file. Returns the number of packets written.
    /// Safe to call more than once.
    @discardableResult
    public func stop() -> Int {
        let alreadyClosed: Bool = lock.withLock {
            let wasClosed = closed
            stopRequested = true
            closed = true
            return wasClosed
        }
        if alreadyClosed { return packetCount }
        pcap_breakloop(handle)
        // The read timeout bounds each dispatch; breakloop also wakes it on this libpcap.
        if finished.wait(timeout: .now() + 5) == .timedOut {
            // Should not happen; leave the handle open rather than closing it under the thread.
            lock.withLock { loopError = loopError ?? "capture thread did not stop" }
            return packetCount
        }
        pcap_dump_flush(dumper)
        pcap_dump_close(dumper)
        pcap_close(handle)
        return packetCount
    }

    deinit {
        stop()
    }
}
