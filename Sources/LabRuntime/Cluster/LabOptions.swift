/// How to bring a lab up.
public struct LabOptions: Sendable {
    public var pairs = 1
    /// The run folder (created if missing). Socket paths under it must stay within 107 bytes.
    public var folder: String
    /// The daemon binary: ours by default, or any binary with the same flags (`--bbd`).
    public var daemonPath: String
    /// Extra flags given to every daemon.
    public var extraDaemonFlags: [String] = []
    /// Seeds every random choice of the proxies.
    public var seed: UInt64 = 1
    public var internalToken = "lab-token"
    /// Capture the lab's TCP ports to `capture.pcap` (needs root or CAP_NET_RAW).
    public var capturePackets = true
    /// Launch every daemon through libfaketime so its wall clock can be skewed while running.
    public var allowClockSkew = true
    public var readinessTimeout: Duration = .seconds(20)
    /// Count this process's own descriptors and child processes before the lab and after its
    /// teardown (`resources.jsonl`), so the `resources` checker can find what the lab leaked.
    /// Meaningful only when the process runs nothing else meanwhile, as `bblab` does; a test
    /// process shared with other tests turns it off.
    public var auditsOwnProcess = true

    public init(folder: String, daemonPath: String) {
        self.folder = folder
        self.daemonPath = daemonPath
    }
}
