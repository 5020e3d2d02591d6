import LabBench
import NIOCore

/// One load connection on an event loop: feeds the bytes it reads to a ``BenchResponseParser``,
/// the answers to its ``BenchConnectionState``, and carries out the steps it gets back (write a
/// pre-rendered request, wait for a due time, close). Idle until ``begin(plan:)``, so that all
/// connections are open before any starts.
///
/// It bounds itself: at the window's end plus the drain timeout, a request still in flight is
/// counted as unanswered and the connection closed.
final class BenchChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let requests: BenchRequestTable
    private let box: BenchMeasurementBox
    private let progress: BenchProgressCounters
    private let drainTimeout: Duration
    private var state: BenchConnectionState?
    private var parser = BenchResponseParser()
    private var scratch = ByteBufferAllocator().buffer(capacity: 512)
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var drainTimer: Scheduled<Void>?

    init(requests: BenchRequestTable, box: BenchMeasurementBox, progress: BenchProgressCounters, drainTimeout: Duration)
    {
        self.requests = requests
        self.box = box
        self.progress = progress
        self.drainTimeout = drainTimeout
    }

    static func now() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds) }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts the load (on the channel's event loop).
    func begin(plan: BenchConnectionPlan) {
        guard let context, context.channel.isActive else {
            var state = BenchConnectionState(plan: plan)
            state.abandoned(
                reason: "transport: connection closed", unanswered: false, at: Self.now(), into: &box.measurement)
            return
        }
        var state = BenchConnectionState(plan: plan)
        let step = state.start(at: Self.now(), into: &box.measurement)
        self.state = state
        let drainDeadline = plan.window.endNanoseconds + drainTimeout.nanosecondsValue
        drainTimer = context.eventLoop.assumeIsolated().scheduleTask(
            deadline: .uptimeNanoseconds(UInt64(drainDeadline))
        ) { [self] in
            abandon(reason: "no answer within the drain timeout", unanswered: true)
        }
        carryOut(step)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard var state else { return }
        buffer.withUnsafeReadableBytes { parser.append($0) }
        while true {
            let response: BenchResponse?
            do {
                response = try parser.next()
            } catch {
                self.state = state
                abandon(reason: "transport: \(error)", unanswered: false)
                return
            }
            guard let response else { break }
            let finished = state.operationsFinished
            let failed = state.operationsFailed
            let step = state.received(response, at: Self.now(), into: &box.measurement)
            progress.add(finished: state.operationsFinished - finished, failed: state.operationsFailed - failed)
            self.state = state
            if response.closesConnection {
                abandon(reason: "transport: the daemon closed the connection", unanswered: false)
                return
            }
            carryOut(step)
            guard let current = self.state else { return }
            state = current
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        abandon(reason: "transport: connection closed", unanswered: false)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        abandon(reason: "transport: \(error)", unanswered: false)
    }

    private func timerFired() {
        guard var state else { return }
        let step = state.timerFired(at: Self.now(), into: &box.measurement)
        self.state = state
        carryOut(step)
    }

    private func carryOut(_ step: BenchStep) {
        guard let context else { return }
        switch step {
        case .send(let request):
            let buffer = requests.buffer(for: request, scratch: &scratch)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case .waitUntil(let due):
            timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(UInt64(due))) {
                [self] in
                timerFired()
            }
        case .finished:
            finish()
        }
    }

    /// The connection's part is over, one way or another: stop the timers and close.
    private func abandon(reason: String, unanswered: Bool) {
        if var state, !state.isFinished {
            let finished = state.operationsFinished
            let failed = state.operationsFailed
            state.abandoned(reason: reason, unanswered: unanswered, at: Self.now(), into: &box.measurement)
            progress.add(finished: state.operationsFinished - finished, failed: state.operationsFailed - failed)
            self.state = state
        }
        finish()
    }

    private func finish() {
        timer?.cancel()
        drainTimer?.cancel()
        timer = nil
        drainTimer = nil
        if let context, context.channel.isActive { context.close(promise: nil) }
    }
}
