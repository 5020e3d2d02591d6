/// A broken invariant stops the run: libFuzzer reports the trap as a crash and saves the input
/// that caused it (`crash-<sha1>` in the working folder), which `scripts/fuzz` then keeps.
public enum FuzzInvariant {
    /// Traps with `message` when `condition` is false.
    public static func require(
        _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        if !condition() { fatalError("invariant broken: \(message())", file: file, line: line) }
    }
}
