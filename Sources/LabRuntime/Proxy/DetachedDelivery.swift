import LabCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends messages on a fresh upstream connection of the proxy's own, one after another,
/// discarding the answers and journaling each: replays, and reorder-held messages released
/// when faults change. Confined to `eventLoop`.
final class DetachedDelivery: @unchecked Sendable {
    private let link: ProxyLinkState
    private let fate: JournalFate
    private let eventLoop: any EventLoop
    private var remaining: [ProxiedRequest]
    private var current: (request: ProxiedRequest, sentAt: NIODeadline, labTime: Int64)?
    private var handler: UpstreamHandler?
    private var channel: Channel?
    private var answerTimer: Scheduled<Void>?
    private var delivered = 0
    private var ended = false
    private let promise: EventLoopPromise<Int>

    private init(link: ProxyLinkState, requests: [ProxiedRequest], fate: JournalFate, eventLoop: any EventLoop) {
        self.link = link
        self.remaining = requests
        self.fate = fate
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise()
    }

    /// Delivers `requests` in order; the future gives how many got an answer.
    static func deliver(
        _ requests: [ProxiedRequest], fate: JournalFate, link: ProxyLinkState, host: String, port: Int,
        eventLoop: any EventLoop
    ) -> EventLoopFuture<Int> {
        guard !requests.isEmpty else { return eventLoop.makeSucceededFuture(0) }
        let delivery = DetachedDelivery(link: link, requests: requests, fate: fate, eventLoop: eventLoop)
        eventLoop.execute { delivery.start(host: host, port: port) }
        return delivery.promise.futureResult
    }

    private func start(host: String, port: Int) {
        let handler = UpstreamHandler(maximumBodyBytes: link.configuration.maximumBodyBytes)
        handler.onAnswer = { [self] answer in answered(answer) }
        handler.onFailure = { [self] reason in fail(reason) }
        handler.onClose = { [self] in fail("upstream closed the connection before answering") }
        self.handler = handler
        ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(link.configuration.upstreamConnectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    var encoderConfiguration = HTTPRequestEncoder.Configuration()
                    encoderConfiguration.automaticallySetFramingHeaders = false
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .dropBytes, enableOutboundHeaderValidation: false,
                        encoderConfiguration: encoderConfiguration)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host, port: port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    self.channel = channel
                    sendNext()
                case .failure(let error):
                    link.countUpstreamError()
                    fail("cannot connect upstream: \(error)")
                }
            }
    }

    private func sendNext() {
        guard !remaining.isEmpty, let handler else {
            finish()
            return
        }
        let request = remaining.removeFirst()
        current = (request, .now(), link.clock())
        handler.send(request)
        answerTimer = eventLoop.scheduleTask(in: TimeAmount(link.configuration.abandonedAnswerTimeout)) { [self] in
            answerTimer = nil
            link.countUpstreamError()
            fail("no answer within \(link.configuration.abandonedAnswerTimeout)")
        }
    }

    private func answered(_ answer: UpstreamAnswer) {
        guard let current else { return }
        self.current = nil
        answerTimer?.cancel()
        answerTimer = nil
        delivered += 1
        link.journal(
            current.request, fate: fate, time: current.labTime, answer: answer,
            roundTrip: NIODeadline.now() - current.sentAt)
        sendNext()
    }

    /// Journals the message in progress and the rest as failed, then ends.
    private func fail(_ reason: String) {
        answerTimer?.cancel()
        answerTimer = nil
        if let current {
            link.journal(current.request, fate: fate, time: current.labTime, error: reason)
            self.current = nil
        }
        for request in remaining { link.journal(request, fate: fate, time: link.clock(), error: reason) }
        remaining.removeAll()
        finish()
    }

    private func finish() {
        guard !ended else { return }
        ended = true
        handler?.onClose = nil
        handler?.onFailure = nil
        handler = nil
        channel?.close(promise: nil)
        channel = nil
        promise.succeed(delivered)
    }
}
