import OrderedCollections

/// What changed in a replica since its changes were last handed to the data directory's
/// writer: the keys, not the changes themselves. The writer records each key's state at the
/// moment it takes the batch, so ten updates of one store in a group-commit window cost one
/// record (`Replica+Persistence`).
///
/// Only present when persistence is on; without it the replica pays nothing.
public final class ChangeJournal {
    /// Store IDs created, updated or deleted, in the order first touched.
    var storeIDs = OrderedSet<String>()
    /// Names (customer, name) reserved, committed, marked or removed.
    var names = OrderedSet<NameKey>()
    /// The whole state was replaced (a join snapshot): the next batch must be a full snapshot.
    var everythingReplaced = false
    /// Counts every noted change; the shell waits on it for durable acknowledgements.
    public private(set) var sequence: UInt64 = 0

    struct NameKey: Hashable {
        var customerID: String
        var name: String
    }

    public init() {}

    public var isEmpty: Bool { storeIDs.isEmpty && names.isEmpty && !everythingReplaced }

    func noteStore(_ storeID: String) {
        storeIDs.append(storeID)
        sequence &+= 1
    }

    func noteName(customerID: String, name: String) {
        names.append(NameKey(customerID: customerID, name: name))
        sequence &+= 1
    }

    func noteEverythingReplaced() {
        everythingReplaced = true
        storeIDs.removeAll()
        names.removeAll()
        sequence &+= 1
    }

    /// Notes the key a replication message changes; lock messages change nothing durable.
    func note(_ message: ReplicationMessage) {
        switch message {
        case .store(let store):
            switch store.kind {
            case .createStore, .updateStore, .deleteStore: noteStore(store.storeID)
            case .lockAcquired, .lockReleased: break
            }
        case .registry(let registry):
            noteName(customerID: registry.customerID, name: registry.name)
        }
    }

    func clear() {
        storeIDs.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        everythingReplaced = false
    }
}
