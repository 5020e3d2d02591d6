extension LabTopology.Node {
    /// The placeholder in extra daemon flags (`--daemon-flags`, a scenario's `daemon_flags`)
    /// that stands for the node's own folder, e.g. `--data-dir={node_folder}/data`: each node
    /// gets its own directory, kept across restarts of that node (`docs/scenarios.md`).
    public static let folderPlaceholder = "{node_folder}"

    /// `flag` with the placeholder replaced by this node's folder.
    public func expanding(_ flag: String) -> String {
        flag.replacing(Self.folderPlaceholder, with: folder)
    }
}
