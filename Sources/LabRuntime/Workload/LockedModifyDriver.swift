import Foundation
import BunnyClient
import BunnyCore
import LabCheckers
import LabCore

/// `counter-rmw` and `cart`: read-modify-write under the modify lock. A client takes the lock
/// (begin-modify, retried while `StoreLocked`), computes the new content from what it read —
/// the number + 1, or the JSON list with one unique item appended — and completes the modify.
///
/// A store holds at most 2 KB, so a cart that reaches ``maximumCartItems`` rolls over: the
/// client cancels its lock and creates a fresh empty cart under a new key for that slot.
struct LockedModifyDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String
    let stores = KeyDirectory()
    static let maximumCartItems = 100

    private var isCart: Bool { specification.kind == .cart }
    private var initialContent: String { isCart ? "[]" : "0" }

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for index in 0..<specification.keys {
            let key = "\(keyPrefix)-\(index)"
            if let store = await create(
                key: key, client: clientBase, context: context, random: &random, deadline: deadline)
            {
                stores.set(slot: key, .init(key: key, store: store))
            }
        }
    }

    private func create(
        key: String, client: Int, context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64
    ) async -> String? {
        var operation = template(client: client, kind: .create, key: key)
        operation.data = initialContent
        let content = Array(initialContent.utf8)
        return await createStore(
            operation, target: specification.target, context: context, random: &random, deadline: deadline
        ) { client throws(BunnyClientError) in
            try await client.create(customer: WorkloadContext.customer, body: content)
        }
    }

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        let slotName = "\(keyPrefix)-\(slot(&random))"
        guard let entry = stores.entry(slot: slotName) else { return }
        guard
            let lock = await beginModify(
                entry: entry, client: client, context: context, random: &random, deadline: deadline)
        else { return }
        let read = String(decoding: lock.body, as: UTF8.self)
        var completion = template(client: client, kind: .completeModify, key: entry.key, store: entry.store)
        completion.lock = lock.lockID
        if isCart {
            guard let items = Self.items(of: read), items.count < Self.maximumCartItems else {
                await cancelModify(entry: entry, lockID: lock.lockID, client: client, context: context, random: &random)
                await rollOver(
                    slot: slotName, entry: entry, client: client, state: &state, context: context,
                    random: &random, deadline: deadline)
                return
            }
            let item = state.uniqueValue(client: client)
            completion.item = item
            completion.data = Self.encode(items + [item])
        } else {
            guard let number = Int64(read.trimmingCharacters(in: .whitespaces)) else {
                await cancelModify(entry: entry, lockID: lock.lockID, client: client, context: context, random: &random)
                return
            }
            completion.data = String(number + 1)
        }
        let content = Array((completion.data ?? "").utf8)
        await completeModify(
            completion, entry: entry, lockID: lock.lockID, content: content, context: context, random: &random,
            deadline: deadline)
    }

    private func rollOver(
        slot: String, entry: KeyDirectory.Entry, client: Int, state: inout WorkloadClientState,
        context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64
    ) async {
        let key = "\(slot).\(state.uniqueValue(client: client))"
        guard let store = await create(key: key, client: client, context: context, random: &random, deadline: deadline)
        else { return }
        _ = stores.replace(slot: slot, expected: entry, with: .init(key: key, store: store))
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries {
            await snapshot(
                entry, client: clientBase, workload: "final", context: context, random: &random, deadline: deadline)
        }
    }

    /// The strings of a JSON list, or `nil` when the content is not one.
    static func items(of content: String) -> [String]? {
        guard case .array(let values)? = try? JSONParser.parse(Array(content.utf8)) else { return nil }
        let strings = values.compactMap(\.stringValue)
        return strings.count == values.count ? strings : nil
    }

    static func encode(_ items: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendString(item, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
