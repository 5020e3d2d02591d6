#if canImport(Glibc)
    import Glibc
#endif

/// The system CSPRNG (`/dev/urandom`), read 4 KiB at a time: minting a store ID needs 20 random
/// bytes, and one syscall per 8 bytes was a measurable share of a create. Falls back to the
/// standard library's generator if the read fails. Used only on the replica's event loop.
struct BufferedSystemRandom: RandomNumberGenerator {
    private var words = [UInt64](repeating: 0, count: 512)
    private var position = 512
    private var fallback = SystemRandomNumberGenerator()
    private let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    mutating func next() -> UInt64 {
        if position == words.count {
            let byteCount = words.count * 8
            guard descriptor >= 0 else { return fallback.next() }
            let filled = words.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, byteCount) }
            guard filled == byteCount else { return fallback.next() }
            position = 0
        }
        defer { position += 1 }
        return words[position]
    }
}
