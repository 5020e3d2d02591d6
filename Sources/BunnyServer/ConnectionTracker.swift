import BunnyCore
import NIOCore

/// The open connections of both listeners and their deadlines.
///
/// Timeouts are enforced by one sweep per loop tick period rather than a timer per request:
/// the request path only stores a number, and one periodic pass closes whatever is overdue.
/// The precision is the sweep period (at most 1 s), ample for 10–120 s timeouts.
/// Confined to the replica's event loop (hence `@unchecked Sendable`).
final class ConnectionTracker: @unchecked Sendable {
    struct Timeouts {
        var readHeader: Duration
        var read: Duration
        var write: Duration
        var idle: Duration

        /// How often to sweep: a quarter of the shortest timeout, between 10 ms and 1 s.
        var sweepPeriod: Duration {
            let shortest = min(readHeader, read, write, idle)
            return min(.seconds(1), max(.milliseconds(10), shortest / 4))
        }
    }

    let timeouts: Timeouts
    private var connections: [ObjectIdentifier: TrackedConnection] = [:]

    init(timeouts: Timeouts) {
        self.timeouts = timeouts
    }

    var count: Int { connections.count }

    func register(_ channel: any Channel) -> TrackedConnection {
        let connection = TrackedConnection(channel: channel, timeouts: timeouts)
        connections[ObjectIdentifier(connection)] = connection
        connection.becameIdle(at: SystemClock.monotonicNow())
        return connection
    }

    func unregister(_ connection: TrackedConnection) {
        connections.removeValue(forKey: ObjectIdentifier(connection))
    }

    /// Closes every connection whose deadline has passed.
    func sweep(at now: MonotonicTime) {
        for connection in connections.values where connection.isOverdue(at: now) {
            connection.channel.close(promise: nil)
        }
    }

    /// Asks every connection to finish what it is doing and close (graceful shutdown).
    func quiesceAll() {
        for connection in connections.values {
            connection.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    func closeAll() {
        for connection in connections.values { connection.channel.close(promise: nil) }
    }
}

/// One connection's phase and deadline. Touched only on the event loop.
final class TrackedConnection {
    enum Phase {
        /// Between requests: the idle timeout runs.
        case idle
        /// Bytes of a request arrived but not yet its whole head: header and read timeouts run.
        case readingHead(started: MonotonicTime)
        /// The head is in, the body is arriving: the read timeout runs.
        case readingBody(started: MonotonicTime)
        /// A response is waiting for the socket to drain: the write timeout runs.
        case writing(since: MonotonicTime)
    }

    let channel: any Channel
    let timeouts: ConnectionTracker.Timeouts
    private(set) var phase: Phase = .idle
    private var idleSince = MonotonicTime(nanoseconds: 0)

    init(channel: any Channel, timeouts: ConnectionTracker.Timeouts) {
        self.channel = channel
        self.timeouts = timeouts
    }

    func becameIdle(at now: MonotonicTime) {
        phase = .idle
        idleSince = now
    }

    /// Raw bytes arrived (seen before the HTTP decoder).
    func bytesArrived() {
        if case .idle = phase { phase = .readingHead(started: SystemClock.monotonicNow()) }
    }

    func headReceived() {
        if case .readingHead(let started) = phase { phase = .readingBody(started: started) }
    }

    func requestComplete() {
        phase = .idle
        idleSince = SystemClock.monotonicNow()
    }

    func waitingForWrite() {
        phase = .writing(since: SystemClock.monotonicNow())
    }

    func isOverdue(at now: MonotonicTime) -> Bool {
        switch phase {
        case .idle: return now - idleSince > timeouts.idle
        case .readingHead(let started): return now - started > min(timeouts.readHeader, timeouts.read)
        case .readingBody(let started): return now - started > timeouts.read
        case .writing(let since): return now - since > timeouts.write
        }
    }
}

/// Sits before the HTTP decoder and marks the start of each request at its first byte, so the
/// header timeout covers a client that trickles its head (slowloris).
final class InboundActivityHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let connection: TrackedConnection

    init(connection: TrackedConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.bytesArrived()
        context.fireChannelRead(data)
    }
}
