import BunnyCore

/// Bodies of the registry RPC endpoints (`internal-protocol.md` §11).
public enum RegistryRPCCodec {
    public struct Request: Equatable, Sendable {
        public var customerID: String
        public var name: String
        public var reservationID: String
        public var storeID: String
        public var expiresAt: WallTime
    }

    /// Reads `{"customer_id","name","reservation_id"?,"store_id"?,"expires_at"?}`; nil when the
    /// body is not such an object (→ `400 invalid request`).
    public static func decodeRequest(_ bytes: some Collection<UInt8>) -> Request? {
        guard let object = try? JSONParser.parse(bytes).objectValue else { return nil }
        func string(_ name: String) -> String?? {
            switch object[name] {
            case nil, .null?: return .some("")
            case .string(let value)?: return .some(value)
            default: return nil
            }
        }
        guard let customerID = string("customer_id"), let name = string("name"),
            let reservationID = string("reservation_id"), let storeID = string("store_id")
        else { return nil }
        var expiresAt = WallTime.unset
        if case .string(let text)? = object["expires_at"] {
            guard let parsed = try? RFC3339Time.parse(text) else { return nil }
            expiresAt = parsed
        }
        return Request(
            customerID: customerID ?? "", name: name ?? "", reservationID: reservationID ?? "", storeID: storeID ?? "",
            expiresAt: expiresAt)
    }

    public static func encode(_ reserved: RegistryRPC.Reserved) -> [UInt8] {
        var output = Array(#"{"reservation_id":"#.utf8)
        JSONText.appendString(reserved.reservationID, to: &output)
        output += Array(#","leader_epoch":"#.utf8)
        JSONText.appendInteger(reserved.leaderEpoch, to: &output)
        output += [UInt8(ascii: "}"), 0x0A]
        return output
    }

    public static func encode(_ committed: RegistryRPC.Committed) -> [UInt8] {
        var output = Array(#"{"store_id":"#.utf8)
        JSONText.appendString(committed.storeID, to: &output)
        output += Array(#","leader_epoch":"#.utf8)
        JSONText.appendInteger(committed.leaderEpoch, to: &output)
        output += [UInt8(ascii: "}"), 0x0A]
        return output
    }

    public static func encode(_ lookup: RegistryRPC.Lookup) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        if let storeID = lookup.storeID {
            output += Array(#""store_id":"#.utf8)
            JSONText.appendString(storeID, to: &output)
            output.append(UInt8(ascii: ","))
        }
        output += Array(#""state":"#.utf8)
        JSONText.appendString(lookup.state.name, to: &output)
        if let reservationID = lookup.reservationID {
            output += Array(#","reservation_id":"#.utf8)
            JSONText.appendString(reservationID, to: &output)
        }
        output += [UInt8(ascii: "}"), 0x0A]
        return output
    }
}
