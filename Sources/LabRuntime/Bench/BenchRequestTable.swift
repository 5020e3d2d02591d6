import LabBench
import NIOCore

/// Every request of a run rendered once into its own `ByteBuffer`: the load generator writes
/// them as they are (a write only retains the buffer) and splices lock IDs into the
/// complete-modify parts.
struct BenchRequestTable: Sendable {
    /// `[kind.rawValue][store]` for snapshot, update, begin-modify (blob stores).
    private let blobRequests: [[ByteBuffer]]
    private let incrementRequests: [ByteBuffer]
    private let createRequest: ByteBuffer
    private let completeModifyParts: [(prefix: ByteBuffer, suffix: ByteBuffer)]

    init(stores: BenchStores, renderer: BenchRequestRenderer) {
        let allocator = ByteBufferAllocator()
        func buffer(_ bytes: [UInt8]) -> ByteBuffer { allocator.buffer(bytes: bytes) }
        blobRequests = BenchRequestKind.allCases.map { kind in
            switch kind {
            case .snapshot, .update, .beginModify:
                stores.blobIDs.map { buffer(renderer.render(kind, storeID: $0)) }
            case .create, .increment, .completeModify:
                []
            }
        }
        incrementRequests = stores.counterIDs.map { buffer(renderer.render(.increment, storeID: $0)) }
        createRequest = buffer(renderer.render(.create, storeID: ""))
        completeModifyParts = stores.blobIDs.map { identifier in
            let parts = renderer.completeModifyParts(storeID: identifier)
            return (buffer(parts.prefix), buffer(parts.suffix))
        }
    }

    /// The buffer to write for `request`; complete-modify is assembled in `scratch`.
    @inline(__always)
    func buffer(for request: BenchRequest, scratch: inout ByteBuffer) -> ByteBuffer {
        switch request {
        case .prerendered(let kind, let store):
            switch kind {
            case .create: return createRequest
            case .increment: return incrementRequests[store]
            default: return blobRequests[kind.rawValue][store]
            }
        case .completeModify(let store, let lockID):
            let parts = completeModifyParts[store]
            scratch.clear()
            scratch.writeImmutableBuffer(parts.prefix)
            scratch.writeBytes(lockID)
            scratch.writeImmutableBuffer(parts.suffix)
            return scratch
        }
    }
}
