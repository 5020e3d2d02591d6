#if canImport(Glibc)
    import Glibc
#endif
import CLibFuzzerDriver

/// Starts libFuzzer with the process's arguments and `testOneInput` as the target, and exits
/// with libFuzzer's status (non-zero when it found a crash). Called from each target's
/// `main.swift`.
///
/// Each target also exports its test as `LLVMFuzzerTestOneInput`: the libFuzzer runtime links
/// its own `main`, which needs that symbol. Which `main` the linker keeps (SwiftPM's renamed
/// one or libFuzzer's) depends on the linker; both run the same test.
public enum FuzzDriver {
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argumentCount = CommandLine.argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argumentCount, &arguments, testOneInput))
    }
}
