import BunnyCore

/// The `--peers` syntax (`daemon-cli.md` §4): comma-separated items, each `id@host:port` (split
/// at the first `@`) or a bare `host:port` that is both ID and address. Items are trimmed;
/// empty items are skipped silently, items with an empty ID or address with a warning.
enum PeerList {
    static func parse(_ text: String, warning: (String) -> Void) -> [PeerAddress] {
        var peers: [PeerAddress] = []
        for rawItem in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingWhitespace()
            if item.isEmpty { continue }
            guard let at = item.firstIndex(of: "@") else {
                peers.append(PeerAddress(hostID: String(item), address: String(item)))
                continue
            }
            let hostID = item[..<at]
            let address = item[item.index(after: at)...]
            guard !hostID.isEmpty, !address.isEmpty else {
                warning("warning: malformed peer \"\(item)\" (empty id or address), skipping")
                continue
            }
            peers.append(PeerAddress(hostID: String(hostID), address: String(address)))
        }
        return peers
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
