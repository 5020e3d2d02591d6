import Foundation
import LabBench
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `threads` transport (the default up to 256 connections): one connection on its own
/// thread with a blocking socket — write the request, block in `recv` for the answer, sleep
/// until a due time with `clock_nanosleep`. Same state machine, parser and request buffers as
/// the NIO transport. Measured faster than the NIO transport here, and as fast as `udsload`:
/// each answer wakes the one thread waiting for it directly, with no event loop between, and
/// the kernel spreads the connections over both cores (docs/performance.md).
final class BenchBlockingConnection: @unchecked Sendable {
    private let descriptor: Int32
    private let requests: BenchRequestTable
    private let progress: BenchProgressCounters
    private let drainTimeout: Duration
    /// Written by the connection's thread only, read after it ended.
    private(set) var measurement: BenchMeasurement?

    /// Connects at once (so that all connections are open before any starts).
    init(
        socketPath: String, requests: BenchRequestTable, progress: BenchProgressCounters, drainTimeout: Duration
    ) throws {
        descriptor = try Self.connect(socketPath)
        self.requests = requests
        self.progress = progress
        self.drainTimeout = drainTimeout
        // Blocking reads wake at least every 200 ms to check the drain deadline.
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Runs the plan on the calling thread until the connection's part is over.
    func run(plan: BenchConnectionPlan) {
        var measurement = BenchMeasurement(window: plan.window)
        var state = BenchConnectionState(plan: plan)
        var parser = BenchResponseParser()
        var scratch = ByteBufferAllocator().buffer(capacity: 512)
        var receiveBuffer = [UInt8](repeating: 0, count: 65_536)
        let drainDeadline = plan.window.endNanoseconds + drainTimeout.nanosecondsValue
        var step = state.start(at: BenchChannelHandlerClock.now(), into: &measurement)
        func abandon(_ reason: String, unanswered: Bool) {
            let (finished, failed) = (state.operationsFinished, state.operationsFailed)
            state.abandoned(
                reason: reason, unanswered: unanswered, at: BenchChannelHandlerClock.now(), into: &measurement)
            progress.add(finished: state.operationsFinished - finished, failed: state.operationsFailed - failed)
        }
        connection: while true {
            switch step {
            case .finished:
                break connection
            case .waitUntil(let due):
                var instant = timespec(tv_sec: Int(due / 1_000_000_000), tv_nsec: Int(due % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &instant, nil) == EINTR {}
                step = state.timerFired(at: BenchChannelHandlerClock.now(), into: &measurement)
            case .send(let request):
                let buffer = requests.buffer(for: request, scratch: &scratch)
                guard sendAll(buffer) else {
                    abandon("transport: write failed: \(String(cString: strerror(errno)))", unanswered: false)
                    break connection
                }
                while true {
                    let count = receiveBuffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                        if BenchChannelHandlerClock.now() >= drainDeadline {
                            abandon("no answer within the drain timeout", unanswered: true)
                            break connection
                        }
                        continue
                    }
                    guard count > 0 else {
                        abandon("transport: connection closed", unanswered: false)
                        break connection
                    }
                    receiveBuffer.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                    let response: BenchResponse?
                    do {
                        response = try parser.next()
                    } catch {
                        abandon("transport: \(error)", unanswered: false)
                        break connection
                    }
                    guard let response else { continue }
                    let (finished, failed) = (state.operationsFinished, state.operationsFailed)
                    step = state.received(response, at: BenchChannelHandlerClock.now(), into: &measurement)
                    progress.add(finished: state.operationsFinished - finished, failed: state.operationsFailed - failed)
                    if response.closesConnection {
                        abandon("transport: the daemon closed the connection", unanswered: false)
                        break connection
                    }
                    break
                }
            }
        }
        self.measurement = measurement
    }

    private func sendAll(_ buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    private static func connect(_ socketPath: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchRunError("socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw BenchRunError("socket path too long: \(socketPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw BenchRunError("cannot connect to \(socketPath): \(reason)")
        }
        return descriptor
    }
}
