/// The registry RPC endpoints (`internal-protocol.md` §11): mounted by the reference but not
/// used by it. Each mutates the local registry without a role check, takes the write barrier
/// and replicates the change like the public path.
public enum RegistryRPC {
    public struct Reserved: Equatable, Sendable {
        public var reservationID: String
        public var leaderEpoch: UInt64
    }

    public struct Committed: Equatable, Sendable {
        public var storeID: String
        public var leaderEpoch: UInt64
    }

    public struct Lookup: Equatable, Sendable {
        public var storeID: String?
        public var state: NameEntry.State
        public var reservationID: String?
    }
}

extension Replica {
    public func registryReserve(customerID: String, name: String, at now: Moment) -> Result<RegistryRPC.Reserved, APIError> {
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        if let entry = registry.entry(customerID: customerID, name: name) {
            switch entry.state {
            case .active: return .failure(APIError(status: 409, code: nil, message: "name already exists"))
            case .deleting: return .failure(APIError(status: 409, code: nil, message: "name deletion in progress"))
            case .creating where isFreshReservation(entry, at: now):
                return .failure(APIError(status: 409, code: nil, message: "name reservation in progress"))
            case .creating: break
            }
        }
        let entry = NameEntry(
            customerID: customerID, name: name, storeID: "", state: .creating, expiresAt: .unset,
            reservationID: RandomTokens.reservationID(using: &random), reservedAt: now.wall, epoch: epoch, version: 1)
        registry.put(entry)
        replicate(
            .registry(
                RegistryReplicationMessage(
                    kind: .reserve, customerID: customerID, name: name, state: entry.state.rawValue,
                    reservationID: entry.reservationID, version: entry.version)), at: now)
        return .success(RegistryRPC.Reserved(reservationID: entry.reservationID, leaderEpoch: epoch))
    }

    public func registryCommit(
        customerID: String, name: String, reservationID: String, storeID: String, expiresAt: WallTime, at now: Moment
    ) -> Result<RegistryRPC.Committed, APIError> {
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        guard var entry = registry.entry(customerID: customerID, name: name) else {
            return .failure(APIError(status: 404, code: .notFound, message: "reservation not found"))
        }
        guard entry.state == .creating else {
            return .failure(APIError(status: 409, code: nil, message: "invalid state for commit"))
        }
        guard entry.reservationID == reservationID else {
            return .failure(APIError(status: 409, code: nil, message: "reservation ID mismatch"))
        }
        entry.storeID = storeID
        entry.state = .active
        entry.expiresAt = expiresAt
        entry.version += 1
        guard registry.put(entry) else { return .failure(.internalError("store ID already registered under another name")) }
        replicate(
            .registry(
                RegistryReplicationMessage(
                    kind: .commit, customerID: customerID, name: name, storeID: storeID, state: entry.state.rawValue,
                    expiresAt: expiresAt, reservationID: reservationID, version: entry.version)), at: now)
        return .success(RegistryRPC.Committed(storeID: storeID, leaderEpoch: epoch))
    }

    public func registryAbort(customerID: String, name: String, reservationID: String, at now: Moment) -> Result<Void, APIError> {
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        guard let entry = registry.entry(customerID: customerID, name: name) else { return .success(()) }
        guard entry.state == .creating else {
            return .failure(APIError(status: 409, code: nil, message: "invalid state for abort"))
        }
        guard entry.reservationID == reservationID else {
            return .failure(APIError(status: 409, code: nil, message: "reservation ID mismatch"))
        }
        registry.remove(customerID: customerID, name: name)
        replicate(.registry(RegistryReplicationMessage(kind: .abort, customerID: customerID, name: name)), at: now)
        return .success(())
    }

    public func registryDelete(customerID: String, name: String, at now: Moment) -> Result<Void, APIError> {
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        if let entry = registry.entry(customerID: customerID, name: name) { deleteName(entry, at: now) }
        return .success(())
    }

    public func registryLookup(customerID: String, name: String) -> Result<RegistryRPC.Lookup, APIError> {
        guard !customerID.isEmpty, !name.isEmpty else {
            return .failure(APIError(status: 400, code: nil, message: "missing customer_id or name"))
        }
        guard let entry = registry.entry(customerID: customerID, name: name) else { return .failure(.nameNotFound) }
        return .success(
            RegistryRPC.Lookup(
                storeID: entry.state == .active ? entry.storeID : nil, state: entry.state,
                reservationID: entry.state == .creating ? entry.reservationID : nil))
    }
}
