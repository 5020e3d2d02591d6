import Foundation
import TestSupport
import Testing

/// Every public endpoint and its errors, against the real `bbd` on a temporary socket.
@Suite("Public API against the real daemon", .serialized, .ownThreads)
struct PublicAPIEndToEndTests {
    let daemon: DaemonProcess
    let connection: RawHTTPConnection

    init() throws {
        daemon = try DaemonProcess()
        connection = try daemon.connect()
        // A lone daemon answers `/status` a moment before it leads, and public requests get 503
        // until then (seconds, for a sanitized build on a loaded machine): wait, bounded.
        let deadline = ContinuousClock.now + .seconds(15)
        while true {
            let status = try connection.request("GET", "/status")
            if status.bodyText.contains(#""role":"PRIMARY""#) { break }
            guard ContinuousClock.now < deadline else { throw DaemonProcess.Failure.notReady(log: daemon.log) }
            usleep(20_000)
        }
    }

    func post(
        _ path: String, customer: String? = "acme", headers: [(String, String)] = [], body: String = ""
    ) throws -> RawHTTPConnection.Response {
        var all = headers
        if let customer { all.append(("X-Customer-ID", customer)) }
        return try connection.request("POST", path, headers: all, body: body)
    }

    func create(_ body: String = "hello", headers: [(String, String)] = []) throws -> String {
        let response = try post("/api/v1/create", headers: headers, body: body)
        try #require(response.status == 200, "\(response)")
        return response.bodyText
    }

    @Test func socketFileIsOwnerOnly() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func blobLifecycle() throws {
        let id = try create("hello, bunny", headers: [("BigBunny-Not-Valid-After", "3600")])
        #expect(id.hasPrefix("v1:0:") && id.utf8.count == 64)
        let snapshot = try post("/api/v1/snapshot/\(id)")
        #expect(snapshot.status == 200)
        #expect(snapshot.bodyText == "hello, bunny")
        #expect(snapshot.header("Content-Type") == "application/octet-stream")
        #expect(["3599", "3600"].contains(snapshot.header("BigBunny-Not-Valid-After") ?? ""))

        #expect(try post("/api/v1/update/\(id)", body: "v2").status == 200)
        let begin = try post("/api/v1/begin-modify/\(id)")
        #expect(begin.status == 200 && begin.bodyText == "v2")
        let lockID = try #require(begin.header("BigBunny-Lock-ID"))
        let locked = try post("/api/v1/begin-modify/\(id)")
        #expect(locked.status == 409 && locked.errorCode == "StoreLocked" && locked.header("Retry-After") == "1")
        #expect(
            try post("/api/v1/complete-modify/\(id)", headers: [("BigBunny-Lock-ID", lockID)], body: "v3").status == 200
        )
        #expect(try post("/api/v1/snapshot/\(id)").bodyText == "v3")
        let lock2 = try #require(try post("/api/v1/begin-modify/\(id)").header("BigBunny-Lock-ID"))
        #expect(try post("/api/v1/cancel-modify/\(id)", headers: [("BigBunny-Lock-ID", lock2)]).status == 200)
        #expect(try post("/api/v1/cancel-modify/\(id)", headers: [("BigBunny-Lock-ID", lock2)]).status == 200)
        #expect(try post("/api/v1/delete/\(id)").status == 200)
        let gone = try post("/api/v1/snapshot/\(id)")
        #expect(gone.status == 404 && gone.errorCode == "NotFound" && gone.bodyText == "store not found\n")
        #expect(try post("/api/v1/delete/\(id)").status == 200)
    }

    @Test func counterLifecycle() throws {
        let id = try create(#"{"type":"counter","value":5,"min":0,"max":10}"#)
        let increment = try post("/api/v1/increment/\(id)", body: #"{"delta":7}"#)
        #expect(increment.status == 200)
        #expect(increment.header("Content-Type") == "application/json")
        #expect(increment.bodyText == #"{"value":10,"version":2,"bounded":true,"min":0,"max":10}"# + "\n")
        #expect(
            try post("/api/v1/decrement/\(id)", body: #"{"delta":3}"#).bodyText
                == #"{"value":7,"version":3,"bounded":false,"min":0,"max":10}"# + "\n")
        #expect(try post("/api/v1/update/\(id)", body: #"{"value":2}"#).status == 200)
        #expect(try post("/api/v1/snapshot/\(id)").bodyText == #"{"value":2,"version":4,"min":0,"max":10}"# + "\n")
        let mismatch = try post("/api/v1/begin-modify/\(id)")
        #expect(mismatch.status == 400 && mismatch.errorCode == "TypeMismatch")
        let blob = try create()
        #expect(try post("/api/v1/increment/\(blob)", body: #"{"delta":1}"#).errorCode == "TypeMismatch")
        let overflow = try create(#"{"type":"counter","value":9223372036854775807}"#)
        let refused = try post("/api/v1/increment/\(overflow)", body: #"{"delta":1}"#)
        #expect(refused.status == 409 && refused.errorCode == "Overflow")
        #expect(
            try post("/api/v1/create", body: #"{"type":"counter","value":1,"min":2}"#).errorCode == "ValueOutOfBounds")
        #expect(try post("/api/v1/create", body: #"{"type":"counter","min":3,"max":2}"#).errorCode == "InvalidBounds")
        #expect(try post("/api/v1/increment/\(id)", body: "nope").errorCode == "InvalidJSON")
    }

    @Test func namedStores() throws {
        let created = try post("/api/v1/create-by-name/cart:42", body: "[]")
        #expect(created.status == 200)
        let id = created.bodyText
        #expect(try post("/api/v1/lookup-id-by-name/cart:42").bodyText == id)
        let conflict = try post("/api/v1/create-by-name/cart:42", body: "[]")
        #expect(conflict.status == 409 && conflict.errorCode == "NameExists")
        let reused = try post("/api/v1/create-by-name/cart:42", headers: [("BigBunny-Reuse-If-Exists", "true")])
        #expect(reused.status == 200 && reused.bodyText == id)
        #expect(try post("/api/v1/create-by-name/bad%20name", body: "x").errorCode == "InvalidName")
        #expect(try post("/api/v1/delete-by-name/cart:42").status == 200)
        #expect(try post("/api/v1/delete-by-name/cart:42").status == 200)
        let lookup = try post("/api/v1/lookup-id-by-name/cart:42")
        #expect(lookup.status == 404 && lookup.bodyText == "name not found\n")
        let counter = try post(
            "/api/v1/create-by-name/likes", headers: [("Content-Type", "application/json")],
            body: #"{"type":"counter","max":100}"#)
        #expect(
            try post("/api/v1/snapshot/\(counter.bodyText)").bodyText == #"{"value":0,"version":1,"max":100}"# + "\n")
    }

    @Test func customerAndStoreIDErrors() throws {
        let id = try create()
        let missing = try post("/api/v1/create", customer: nil, body: "x")
        #expect(missing.status == 401 && missing.errorCode == "MissingCustomerID")
        #expect(try post("/api/v1/create", customer: "bad customer", body: "x").errorCode == "InvalidCustomerID")
        let foreign = try post("/api/v1/snapshot/\(id)", customer: "globex")
        #expect(foreign.status == 400 && foreign.errorCode == nil && foreign.bodyText == "invalid store ID\n")
        #expect(foreign.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(foreign.header("X-Content-Type-Options") == "nosniff")
        var tampered = Array(id.utf8)
        tampered[20] = tampered[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tamperedID = String(decoding: tampered, as: UTF8.self)
        #expect(try post("/api/v1/snapshot/\(tamperedID)").status == 400)
        #expect(try post("/api/v1/delete/\(tamperedID)").status == 400)
        #expect(try post("/api/v1/snapshot/garbage").status == 400)
        // The store is untouched by all of that.
        #expect(try post("/api/v1/snapshot/\(id)").status == 200)
    }

    @Test func headerAndBodyErrors() throws {
        let id = try create()
        #expect(
            try post("/api/v1/create", headers: [("BigBunny-Not-Valid-After", "0")], body: "x").errorCode
                == "InvalidTTL")
        #expect(try post("/api/v1/create", headers: [("BigBunny-Not-Valid-After", "soon")], body: "x").status == 400)
        #expect(try post("/api/v1/complete-modify/\(id)", body: "x").errorCode == "MissingLockID")
        let mismatch = try post("/api/v1/complete-modify/\(id)", headers: [("BigBunny-Lock-ID", "nope")], body: "x")
        #expect(mismatch.status == 409 && mismatch.errorCode == "LockMismatch")
        #expect(try post("/api/v1/create", body: String(repeating: "a", count: 2048)).status == 200)
        let tooLarge = try connection.request(
            "POST", "/api/v1/create", headers: [("X-Customer-ID", "acme")], body: String(repeating: "a", count: 2049))
        #expect(tooLarge.status == 413 && tooLarge.errorCode == "BodyTooLarge")
    }

    @Test func routingErrors() throws {
        let wrongMethod = try connection.request("GET", "/api/v1/create")
        #expect(wrongMethod.status == 405 && wrongMethod.header("Allow") == "POST")
        #expect(try connection.request("POST", "/status").header("Allow") == "GET, HEAD")
        let unknown = try connection.request("POST", "/api/v2/create")
        #expect(unknown.status == 404 && unknown.bodyText == "404 page not found\n")
        #expect(try connection.request("POST", "/api/v1/snapshot/").status == 404)
    }

    @Test func statusHasEveryField() throws {
        _ = try create("12345")
        let status = try connection.request("GET", "/status")
        #expect(status.status == 200 && status.header("Content-Type") == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any])
        for key in [
            "host_id", "role", "leader_epoch", "last_leader_seen", "store_count", "memory_usage", "peers",
            "tombstone_count", "queue_length", "registry_queue_length", "replication_fail_count",
            "last_replication_fail", "registry_count", "registry_states",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["role"] as? String == "PRIMARY")
        #expect(json["leader_epoch"] as? Int == 1)
        #expect(json["memory_usage"] as? Int == 261)
        #expect(status.bodyText.hasSuffix("}\n"))
    }

    @Test func operatorEndpoints() throws {
        let id = try create()
        _ = try post("/api/v1/begin-modify/\(id)")
        let released = try connection.request("POST", "/internal/release-lock/\(id)")
        #expect(released.status == 200 && released.bodyText == "lock released")
        #expect(try post("/api/v1/begin-modify/\(id)").status == 200)
        #expect(try connection.request("POST", "/internal/release-lock/nope").status == 404)
        let promoted = try connection.request("POST", "/internal/promote")
        #expect(promoted.status == 200 && promoted.bodyText == "promoted")
        let status = try connection.request("GET", "/status")
        #expect(status.bodyText.contains(#""leader_epoch":2"#))
    }

    @Test func sigtermExitsZero() throws {
        #expect(daemon.terminate() == 0)
    }
}
