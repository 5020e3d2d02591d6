@preconcurrency import Glibc

/// Makes standard output line-buffered, so progress lines reach a pipe or a CI log as they are
/// printed rather than in 4 KB blocks.
enum LineBufferedOutput {
    static func enable() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
