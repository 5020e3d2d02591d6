import BunnyCore

extension ClusterCoordinator {
    /// The `durable_standing` member of a peer's `/status` (present only when the peer runs
    /// with `--data-dir`): `{"epoch": 3, "role": "PRIMARY"}`.
    static func durableStanding(in status: JSONObject) -> DurableStanding? {
        guard let standing = status["durable_standing"]?.objectValue,
            case .number(let epochNumber) = standing["epoch"], let epoch = epochNumber.uint64Value, epoch > 0,
            let role = standing["role"]?.stringValue, role == "PRIMARY" || role == "SECONDARY"
        else { return nil }
        return DurableStanding(epoch: epoch, wasPrimary: role == "PRIMARY")
    }
}
