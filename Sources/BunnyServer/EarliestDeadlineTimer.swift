import NIOCore

/// One scheduled task at the earliest of many deadlines, for queues whose entries each end at
/// their own time (lock waits, watches): asking for a later deadline than the one pending
/// changes nothing. When it fires, the owner handles what is due and asks again for the next.
/// Confined to one event loop (hence `@unchecked Sendable`).
final class EarliestDeadlineTimer: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let fire: () -> Void
    private var scheduled: Scheduled<Void>?
    private var deadline: NIODeadline?

    init(eventLoop: any EventLoop, fire: @escaping () -> Void) {
        self.eventLoop = eventLoop
        self.fire = fire
    }

    func schedule(at newDeadline: NIODeadline) {
        if let deadline, deadline <= newDeadline { return }
        scheduled?.cancel()
        deadline = newDeadline
        scheduled = eventLoop.scheduleTask(deadline: newDeadline) {
            self.scheduled = nil
            self.deadline = nil
            self.fire()
        }
    }

    func cancel() {
        scheduled?.cancel()
        scheduled = nil
        deadline = nil
    }
}
