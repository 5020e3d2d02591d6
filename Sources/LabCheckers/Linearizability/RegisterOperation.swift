/// One `register` operation as the linearizability search sees it: a write or a read of one
/// interned value, over a call/return interval on the lab clock.
struct RegisterOperation: Sendable, Hashable {
    /// The history operation's `id`.
    var id: Int
    var kind: OperationKind
    var client: Int
    var node: String
    /// Whether it sets the register (`create`, `update`); otherwise it reads it (`snapshot`).
    var isWrite: Bool
    /// The interned value written or read (see ``RegisterKeyHistory/values``).
    var value: Int32
    var invokeNanoseconds: Int64
    /// When the search must have placed it (its return event); `nil`: no deadline, it may take
    /// effect at any later time (an `unknown` write, or a write carried past a promotion).
    var deadlineNanoseconds: Int64?
    /// Whether it must be linearized. `false` for operations that may or may not have happened
    /// in this segment (`unknown` writes, and acknowledged writes whose interval straddles a
    /// promotion): the search may place them before their deadline or leave them out.
    var isRequired: Bool
    /// The completion time as recorded (for evidence; `unknown` operations keep theirs).
    var completeNanoseconds: Int64
    var outcome: OperationOutcome
}
