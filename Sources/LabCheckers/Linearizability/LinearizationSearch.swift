/// Decides whether one segment of one register is linearizable: Wing & Gong's search with Lowe's
/// just-in-time linearization and memoization, as in Porcupine.
///
/// The history is an ordered list of call and return events (calls first at equal times, so
/// operations that touch are treated as concurrent: the permissive reading). Scanning from the
/// head, a call may be linearized now if the model accepts it in the current state; it is then
/// lifted out of the list (with its return) and the scan restarts at the head. Reaching the
/// return of a required operation that is still in the list means it cannot be placed in time:
/// undo the last choice and try the next call after it. Each (set of placed operations, state)
/// is explored once (the memo), which keeps the search polynomial in practice for registers.
///
/// Operations that may or may not have happened (``RegisterOperation/isRequired`` false) may be
/// linearized like any other or, when the scan reaches their deadline (return event) with them
/// unplaced, left out; without a deadline they are simply never forced. The search succeeds as
/// soon as every required operation is placed.
///
/// The memo key is kept small: operations are numbered in invocation order, and below the
/// first unplaced operation that has a deadline (the frontier) every operation with a deadline is
/// placed; so a set is (frontier, the bitset words from the frontier's to the highest placed
/// operation's, the bits of the few operations without a deadline). The window above the
/// frontier is bounded by the concurrency, so a key stays a few words long however long the
/// segment, where a full bitset would make long histories quadratic.
///
/// Deterministic: the order of exploration depends only on the segment; the budget can only turn
/// an answer into ``LinearizationOutcome/outOfBudget``.
struct LinearizationSearch {
    /// How many search steps between two readings of the clock.
    static let stepsBetweenClockReadings = 1024
    /// At most this many operations are listed as the window of a failure.
    static let maximumWindow = 32

    private struct Frame {
        var operation: Int32
        var previousState: Int32
        var previousWriter: Int32
        var previousFrontier: Int32
        var previousHighestPlaced: Int32
        /// The operation was left out at its deadline rather than linearized.
        var isLeftOut: Bool
    }

    private let segment: RegisterSegment
    private var isWrite: [Bool]
    private var isRequired: [Bool]
    private var value: [Int32]
    private var operationNumberHash: [UInt64]
    /// Entries 0..<entryCount are events; `head` and `tail` are sentinels.
    private var entryOperation: [Int32]
    private var entryIsCall: [Bool]
    private var next: [Int32]
    private var previous: [Int32]
    private var callEntry: [Int32]
    private var returnEntry: [Int32]
    private let head: Int32
    private let tail: Int32

    private var placed: [UInt64]
    private var placedHash: UInt64 = 0
    /// The lowest-numbered operation with a deadline that is not placed (or the count).
    private var frontier: Int32 = 0
    private var highestPlaced: Int32 = -1
    private var hasDeadline: [Bool]
    /// For an operation without a deadline, its bit in `placedWithoutDeadline`; otherwise -1.
    private var numberWithoutDeadline: [Int32]
    private var placedWithoutDeadline: [UInt64]
    /// Borrowed from the caller for the duration of ``run(deadline:)``.
    private var memo: LinearizationMemo

    init(segment: RegisterSegment) {
        self.segment = segment
        let operations = segment.operations
        isWrite = operations.map(\.isWrite)
        isRequired = operations.map(\.isRequired)
        value = operations.map(\.value)
        operationNumberHash = operations.indices.map { Self.mix(UInt64($0) &+ 0x5851_F42D_4C95_7F2D) }
        placed = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        memo = LinearizationMemo(expectedCount: 0)
        hasDeadline = operations.map { $0.deadlineNanoseconds != nil }
        var withoutDeadlineCount: Int32 = 0
        numberWithoutDeadline = operations.map { operation in
            guard operation.deadlineNanoseconds == nil else { return -1 }
            defer { withoutDeadlineCount += 1 }
            return withoutDeadlineCount
        }
        placedWithoutDeadline = [UInt64](repeating: 0, count: (Int(withoutDeadlineCount) + 63) / 64)

        // (time, return after call, operation): calls first at equal times.
        var events: [(time: Int64, isReturn: Bool, operation: Int32)] = []
        events.reserveCapacity(operations.count * 2)
        for (index, operation) in operations.enumerated() {
            events.append((operation.invokeNanoseconds, false, Int32(index)))
            if let deadline = operation.deadlineNanoseconds { events.append((deadline, true, Int32(index))) }
        }
        events.sort {
            ($0.time, $0.isReturn ? 1 : 0, $0.operation) < ($1.time, $1.isReturn ? 1 : 0, $1.operation)
        }
        let entryCount = Int32(events.count)
        head = entryCount
        tail = entryCount + 1
        entryOperation = events.map(\.operation) + [-1, -1]
        entryIsCall = events.map { !$0.isReturn } + [false, false]
        next = (0..<(entryCount + 2)).map { $0 + 1 }
        previous = (0..<(entryCount + 2)).map { $0 - 1 }
        next[Int(tail)] = -1
        previous[Int(head)] = -1
        if entryCount > 0 {
            next[Int(head)] = 0
            previous[0] = head
            next[Int(entryCount - 1)] = tail
            previous[Int(tail)] = entryCount - 1
        } else {
            next[Int(head)] = tail
            previous[Int(tail)] = head
        }
        callEntry = [Int32](repeating: -1, count: operations.count)
        returnEntry = [Int32](repeating: -1, count: operations.count)
        for (index, event) in events.enumerated() {
            if event.isReturn {
                returnEntry[Int(event.operation)] = Int32(index)
            } else {
                callEntry[Int(event.operation)] = Int32(index)
            }
        }
    }

    /// Searches `segment`, using (and leaving cleared) the caller's memo so its storage is
    /// reused from one segment to the next.
    static func check(
        _ segment: RegisterSegment, deadline: ContinuousClock.Instant, memo: inout LinearizationMemo
    ) -> LinearizationOutcome {
        var search = LinearizationSearch(segment: segment)
        swap(&search.memo, &memo)
        defer {
            swap(&search.memo, &memo)
            memo.clear()
        }
        return search.run(deadline: deadline)
    }

    mutating func run(deadline: ContinuousClock.Instant) -> LinearizationOutcome {
        var remaining = segment.requiredCount
        if remaining == 0 { return .linearizable }
        let clock = ContinuousClock()
        let earlierValueLimit = segment.earlierValueLimit
        var state = segment.initialState
        var writer: Int32 = -1
        var stack: [Frame] = []
        var deepest: LinearizationFailure?
        var steps = 0
        var entry = next[Int(head)]
        advanceFrontier()

        while true {
            if steps % Self.stepsBetweenClockReadings == 0 && clock.now >= deadline { return .outOfBudget }
            steps += 1
            let operation = entry == tail ? -1 : entryOperation[Int(entry)]
            if operation >= 0 && entryIsCall[Int(entry)] {
                let newState: Int32
                if isWrite[Int(operation)] {
                    newState = value[Int(operation)]
                } else {
                    let read = value[Int(operation)]
                    if state == read || (state == RegisterState.anyEarlierValue && read < earlierValueLimit) {
                        newState = read
                    } else {
                        entry = next[Int(entry)]
                        continue
                    }
                }
                let previousFrontier = frontier
                let previousHighestPlaced = highestPlaced
                if enterIfNew(operation, state: newState) {
                    stack.append(
                        Frame(
                            operation: operation, previousState: state, previousWriter: writer,
                            previousFrontier: previousFrontier, previousHighestPlaced: previousHighestPlaced,
                            isLeftOut: false))
                    state = newState
                    if isWrite[Int(operation)] { writer = operation }
                    lift(operation)
                    if isRequired[Int(operation)] {
                        remaining -= 1
                        if remaining == 0 { return .linearizable }
                    }
                    entry = next[Int(head)]
                } else {
                    entry = next[Int(entry)]
                }
                continue
            }
            let previousFrontier = frontier
            let previousHighestPlaced = highestPlaced
            if operation >= 0 && !isRequired[Int(operation)] && enterIfNew(operation, state: state) {
                // An optional operation's deadline, unplaced: it did not happen in this segment.
                stack.append(
                    Frame(
                        operation: operation, previousState: state, previousWriter: writer,
                        previousFrontier: previousFrontier, previousHighestPlaced: previousHighestPlaced,
                        isLeftOut: true))
                lift(operation)
                entry = next[Int(head)]
                continue
            }
            // A required return reached unplaced (or nothing new past it): undo the last choice.
            if stack.count > (deepest?.linearizedCount ?? -1) {
                deepest = failure(at: entry, depth: stack.count, state: state, writer: writer)
            }
            while true {
                guard let frame = stack.popLast() else { return .violation(deepest!) }
                let undone = frame.operation
                state = frame.previousState
                writer = frame.previousWriter
                leave(undone)
                frontier = frame.previousFrontier
                highestPlaced = frame.previousHighestPlaced
                unlift(undone)
                if isRequired[Int(undone)] { remaining += 1 }
                // Leaving out was forced: nothing else to try there, keep undoing.
                if !frame.isLeftOut {
                    entry = next[Int(callEntry[Int(undone)])]
                    break
                }
            }
        }
    }

    /// Marks `operation` placed and records (placed set, state) in the memo; if that pair was
    /// already explored, undoes the mark and answers false.
    /// On success the frontier and highest placed operation move; the caller saved them.
    private mutating func enterIfNew(_ operation: Int32, state: Int32) -> Bool {
        let index = Int(operation)
        let savedFrontier = frontier
        let savedHighestPlaced = highestPlaced
        setPlaced(index, true)
        highestPlaced = max(highestPlaced, operation)
        if operation == frontier { advanceFrontier() }
        let hash = placedHash ^ operationNumberHash[index]
        let digest = hash ^ Self.mix(UInt64(UInt32(bitPattern: state)) &+ 0x9E37_79B9_7F4A_7C15)
        // The memo key's words: those of the operations without a deadline, then the window.
        let window = highestPlaced >= frontier ? placed[Int(frontier >> 6)...Int(highestPlaced >> 6)] : []
        if memo.insert(
            digest: digest, state: state, frontier: frontier, leading: placedWithoutDeadline[...], trailing: window)
        {
            placedHash = hash
            return true
        }
        setPlaced(index, false)
        frontier = savedFrontier
        highestPlaced = savedHighestPlaced
        return false
    }

    /// Clears the operation's bits; the caller restores the frontier and highest placed.
    private mutating func leave(_ operation: Int32) {
        setPlaced(Int(operation), false)
        placedHash ^= operationNumberHash[Int(operation)]
    }

    private mutating func setPlaced(_ index: Int, _ isPlaced: Bool) {
        let bit: UInt64 = 1 << UInt64(index & 63)
        if isPlaced { placed[index >> 6] |= bit } else { placed[index >> 6] &= ~bit }
        let number = Int(numberWithoutDeadline[index])
        guard number >= 0 else { return }
        let numberBit: UInt64 = 1 << UInt64(number & 63)
        if isPlaced {
            placedWithoutDeadline[number >> 6] |= numberBit
        } else {
            placedWithoutDeadline[number >> 6] &= ~numberBit
        }
    }

    /// Moves the frontier past placed operations and operations without a deadline.
    private mutating func advanceFrontier() {
        let count = Int32(hasDeadline.count)
        while frontier < count
            && (!hasDeadline[Int(frontier)] || placed[Int(frontier >> 6)] & (1 << UInt64(frontier & 63)) != 0)
        {
            frontier += 1
        }
    }

    /// Removes the operation's call and return from the list (dancing links: they keep their
    /// own pointers, so ``unlift(_:)`` puts them back in reverse order).
    private mutating func lift(_ operation: Int32) {
        unlink(callEntry[Int(operation)])
        let returning = returnEntry[Int(operation)]
        if returning >= 0 { unlink(returning) }
    }

    private mutating func unlift(_ operation: Int32) {
        let returning = returnEntry[Int(operation)]
        if returning >= 0 { relink(returning) }
        relink(callEntry[Int(operation)])
    }

    private mutating func unlink(_ entry: Int32) {
        let before = previous[Int(entry)]
        let after = next[Int(entry)]
        next[Int(before)] = after
        previous[Int(after)] = before
    }

    private mutating func relink(_ entry: Int32) {
        next[Int(previous[Int(entry)])] = entry
        previous[Int(next[Int(entry)])] = entry
    }

    private func failure(at entry: Int32, depth: Int, state: Int32, writer: Int32) -> LinearizationFailure {
        var window: [Int] = []
        var cursor = next[Int(head)]
        while cursor != entry && cursor != tail && window.count < Self.maximumWindow {
            if entryIsCall[Int(cursor)] { window.append(Int(entryOperation[Int(cursor)])) }
            cursor = next[Int(cursor)]
        }
        let stuck = entry == tail ? (window.last ?? 0) : Int(entryOperation[Int(entry)])
        if !window.contains(stuck) { window.append(stuck) }
        return LinearizationFailure(
            linearizedCount: depth, stuckOperation: stuck, state: state, stateWriter: writer >= 0 ? Int(writer) : nil,
            window: window)
    }

    /// SplitMix64's finalizer: spreads a counter into a well-mixed 64-bit value.
    static func mix(_ input: UInt64) -> UInt64 {
        var value = input &+ 0x9E37_79B9_7F4A_7C15
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
