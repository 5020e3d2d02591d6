import BunnyCommandLine
import Testing

/// The client subcommands end to end against a fake daemon: request path, headers and body,
/// stdout, stderr and exit code (`daemon-cli.md` §6).
@Suite("Client subcommands", .timeLimit(.minutes(1)))
struct SubcommandTests {
    private func withDaemon(
        _ responder: @escaping FakeDaemon.Responder, _ body: (FakeDaemon, String) async throws -> Void
    ) async throws {
        let daemon = try await FakeDaemon.start(responder: responder)
        do {
            try await body(daemon, daemon.socketPath)
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    // MARK: status

    private static let statusJSON = """
        {"host_id":"node1","last_leader_seen":"2562047h47m16.854775807s","last_replication_fail":"","leader_epoch":2,\
        "memory_usage":1280,"peers":{"node3":"1s","node2":"150ms"},"queue_length":0,"registry_count":3,\
        "registry_queue_length":0,"registry_states":{"deleting":1,"active":2},"replication_fail_count":0,\
        "role":"PRIMARY","store_count":5,"tombstone_count":4}

        """

    @Test func statusPrintsFixedLines() async throws {
        try await withDaemon({ _ in .ok(Self.statusJSON) }) { daemon, socket in
            let result = await bbd(["status", "--uds", socket])
            #expect(result.exitCode == 0)
            #expect(
                result.standardOutput == """
                    Host ID:        node1
                    Role:           PRIMARY
                    Leader Epoch:   2
                    Last Leader:    2562047h47m16.854775807s ago
                    Store Count:    5
                    Memory Usage:   1280 bytes
                    Queue Length:   0
                    Tombstones:     4
                    Registry Count: 3
                    Peers:
                      node2: 150ms ago
                      node3: 1s ago
                    Registry States:
                      active: 2
                      deleting: 1

                    """)
            #expect(result.standardError == "")
            #expect(daemon.lastRequest?.method == .GET)
            #expect(daemon.lastRequest?.uri == "/status")
            #expect(daemon.lastRequest?.header("X-Customer-ID") == nil)
        }
    }

    @Test func statusOmitsEmptyBlocks() async throws {
        let json =
            #"{"host_id":"n","role":"SECONDARY","leader_epoch":0,"last_leader_seen":"0s","store_count":0,"memory_usage":0,"queue_length":0,"tombstone_count":0,"registry_count":0,"peers":{},"registry_states":{}}"#
        try await withDaemon({ _ in .ok(json + "\n") }) { _, socket in
            let result = await bbd(["status", "-uds=" + socket])
            #expect(result.exitCode == 0)
            #expect(!result.standardOutput.contains("Peers:"))
            #expect(!result.standardOutput.contains("Registry States:"))
            #expect(result.standardOutput.hasSuffix("Registry Count: 0\n"))
        }
    }

    @Test func statusJSONPrintsTheRawBodyAndANewline() async throws {
        try await withDaemon({ _ in .ok(Self.statusJSON) }) { _, socket in
            let result = await bbd(["status", "--json", "--uds=" + socket])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == Self.statusJSON + "\n")
        }
    }

    @Test func statusIgnoresTheHTTPStatusButNeedsJSON() async throws {
        try await withDaemon({ _ in .respond(status: 503, headers: [], body: Array(Self.statusJSON.utf8)) }) {
            daemon, socket in
            #expect(await bbd(["status", "-uds", socket]).exitCode == 0)
            daemon.setResponder { _ in .error(500, "boom") }
            let result = await bbd(["status", "-uds", socket])
            #expect(result.exitCode == 1)
            #expect(result.standardError.hasPrefix("error parsing response: "))
            #expect(result.standardOutput == "")
        }
    }

    @Test func connectionFailureIsReported() async throws {
        let socket = FakeDaemon.temporarySocketPath()
        for arguments in [
            ["status"], ["promote"], ["release-lock", "x"], ["get", "x"], ["create", "--data", "x"],
            ["counter-get", "x"],
        ] {
            let result = await bbd([arguments[0], "--uds", socket] + arguments.dropFirst())
            #expect(result.exitCode == 1, "\(arguments)")
            #expect(result.standardError == "error: cannot connect to \(socket): No such file or directory\n")
            #expect(result.standardOutput == "")
        }
    }

    // MARK: operator commands

    @Test func promote() async throws {
        try await withDaemon({ _ in .ok("promoted") }) { daemon, socket in
            let result = await bbd(["promote", "-uds", socket])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "promoted to PRIMARY\n")
            #expect(daemon.lastRequest?.method == .POST)
            #expect(daemon.lastRequest?.uri == "/internal/promote")

            daemon.setResponder { _ in .error(503, "primary syncing to secondary", code: "JoinSyncing") }
            let failed = await bbd(["promote", "-uds", socket])
            #expect(failed.exitCode == 1)
            #expect(failed.standardError == "promote failed: primary syncing to secondary\n")
            #expect(failed.standardOutput == "")
        }
    }

    @Test func releaseLock() async throws {
        try await withDaemon({ _ in .ok("lock released") }) { daemon, socket in
            let result = await bbd(["release-lock", "-uds", socket, "0:abc"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "lock released on 0:abc\n")
            #expect(daemon.lastRequest?.uri == "/internal/release-lock/0:abc")

            daemon.setResponder { _ in .error(404, "store not found", code: "NotFound") }
            let failed = await bbd(["release-lock", "-uds", socket, "0:abc"])
            #expect(failed.exitCode == 1)
            #expect(failed.standardError == "release-lock failed: store not found\n")

            let usage = await bbd(["release-lock", "-uds", socket])
            #expect(usage.exitCode == 1)
            #expect(usage.standardError == "usage: bbd release-lock [options] <store-id>\n")
        }
    }

    // MARK: create

    @Test func createWithData() async throws {
        try await withDaemon({ _ in .ok("0:newstore", headers: [("Bigbunny-Warning", "DegradedWrite")]) }) {
            daemon, socket in
            let result = await bbd(["create", "--uds", socket, "--data", "hello world", "--ttl", "60"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "0:newstore\n")
            #expect(result.standardError == "warning: DegradedWrite\n")
            #expect(result.inputWasRead == false)
            let request = try #require(daemon.lastRequest)
            #expect(request.method == .POST)
            #expect(request.uri == "/api/v1/create")
            #expect(request.header("X-Customer-ID") == "test-customer")
            #expect(request.header("BigBunny-Not-Valid-After") == "60")
            #expect(request.header("BigBunny-Reuse-If-Exists") == nil)
            #expect(request.header("Content-Type") == nil)
            #expect(request.bodyText == "hello world")
        }
    }

    @Test func createReadsStandardInputWhenDataIsEmpty() async throws {
        try await withDaemon({ _ in .ok("0:s") }) { daemon, socket in
            let result = await bbd(["create", "-uds", socket, "-customer", "acme"], input: "{\"key\": \"value\"}\n")
            #expect(result.exitCode == 0)
            #expect(result.inputWasRead)
            #expect(daemon.lastRequest?.bodyText == "{\"key\": \"value\"}\n")
            #expect(daemon.lastRequest?.header("X-Customer-ID") == "acme")
            #expect(daemon.lastRequest?.header("BigBunny-Not-Valid-After") == nil)
        }
    }

    @Test func createByName() async throws {
        try await withDaemon({ _ in .ok("0:named") }) { daemon, socket in
            let result = await bbd([
                "create", "--uds=" + socket, "--name", "session:user.42", "--reuse", "--data=x", "--ttl=0",
            ])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "0:named\n")
            let request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create-by-name/session:user.42")
            #expect(request.header("BigBunny-Reuse-If-Exists") == "true")
            #expect(request.header("BigBunny-Not-Valid-After") == nil)
        }
    }

    @Test func createFailureShowsStatusBodyAndCode() async throws {
        try await withDaemon({ _ in .error(507, "customer quota exceeded", code: "CustomerQuotaExceeded") }) {
            _, socket in
            let result = await bbd(["create", "-uds", socket, "-data", "x"])
            #expect(result.exitCode == 1)
            #expect(
                result.standardError
                    == "create failed (507): customer quota exceeded\nerror code: CustomerQuotaExceeded\n")
            #expect(result.standardOutput == "")
        }
    }

    @Test func failureWithoutCodeHasNoCodeLine() async throws {
        try await withDaemon({ _ in .error(400, "invalid store ID") }) { _, socket in
            let result = await bbd(["get", "-uds", socket, "garbage"])
            #expect(result.exitCode == 1)
            #expect(result.standardError == "get failed (400): invalid store ID\n")
        }
    }

    @Test func createRejectsPositionalArguments() async {
        let result = await bbd(["create", "--data", "x", "extra"])
        #expect(result.exitCode == 1)
        #expect(result.standardError == "usage: bbd create [options]\n")
    }

    // MARK: get

    @Test func getPrintsTheRawBodyWithoutNewline() async throws {
        try await withDaemon({ _ in .ok("raw\u{0}bytes", headers: [("Bigbunny-Not-Valid-After", "1209599")]) }) {
            daemon, socket in
            let plain = await bbd(["get", "-uds", socket, "0:id"])
            #expect(plain.exitCode == 0)
            #expect(plain.standardOutput == "raw\u{0}bytes")
            #expect(plain.standardError == "")
            #expect(daemon.lastRequest?.uri == "/api/v1/snapshot/0:id")
            #expect(daemon.lastRequest?.method == .POST)

            let withTTL = await bbd(["get", "-uds", socket, "-ttl", "0:id"])
            #expect(withTTL.standardOutput == "raw\u{0}bytes")
            #expect(withTTL.standardError == "TTL: 1209599 seconds\n")
        }
    }

    @Test func flagsAfterTheArgumentAreAUsageError() async throws {
        let result = await bbd(["get", "0:id", "--ttl"])
        #expect(result.exitCode == 1)
        #expect(result.standardError == "usage: bbd get [options] <store-id>\n")
    }

    // MARK: delete, delete-named, lookup

    @Test func deleteAndDeleteNamed() async throws {
        try await withDaemon({ _ in .ok("", headers: [("BigBunny-Warning", "DegradedWrite")]) }) { daemon, socket in
            let deleted = await bbd(["delete", "-uds", socket, "-customer", "c2", "0:id"])
            #expect(deleted.exitCode == 0)
            #expect(deleted.standardOutput == "deleted\n")
            #expect(deleted.standardError == "warning: DegradedWrite\n")
            #expect(daemon.lastRequest?.uri == "/api/v1/delete/0:id")
            #expect(daemon.lastRequest?.header("X-Customer-ID") == "c2")

            let named = await bbd(["delete-named", "-uds", socket, "my/name"])
            #expect(named.exitCode == 0)
            #expect(named.standardOutput == "deleted\n")
            #expect(daemon.lastRequest?.uri == "/api/v1/delete-by-name/my%2Fname")

            daemon.setResponder { _ in .error(404, "name not found", code: "NotFound") }
            let missing = await bbd(["delete-named", "-uds", socket, "gone"])
            #expect(missing.exitCode == 1)
            #expect(missing.standardError == "delete-named failed (404): name not found\nerror code: NotFound\n")
        }
    }

    @Test func lookup() async throws {
        try await withDaemon({ _ in .ok("0:found") }) { daemon, socket in
            let result = await bbd(["lookup", "-uds", socket, "rate-limit:customer1"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "0:found\n")
            #expect(daemon.lastRequest?.uri == "/api/v1/lookup-id-by-name/rate-limit:customer1")

            daemon.setResponder { _ in
                .error(503, "name reservation in progress", code: "NameCreating", headers: [("Retry-After", "1")])
            }
            let busy = await bbd(["lookup", "-uds", socket, "n"])
            #expect(busy.exitCode == 1)
            #expect(
                busy.standardError == "lookup failed (503): name reservation in progress\nerror code: NameCreating\n")

            let usage = await bbd(["lookup", "-uds", socket])
            #expect(usage.exitCode == 1)
            #expect(usage.standardError == "usage: bbd lookup [options] <name>\n")
        }
    }

    // MARK: modify

    @Test func beginModify() async throws {
        let reply = FakeDaemon.Reply.ok(
            "current", headers: [("Bigbunny-Lock-Id", "abcdefghijklmnopqrstuv"), ("Bigbunny-Not-Valid-After", "42")])
        try await withDaemon({ _ in reply }) { daemon, socket in
            let result = await bbd(["begin-modify", "-uds", socket, "0:id"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "abcdefghijklmnopqrstuv\n")
            #expect(result.standardError == "TTL: 42 seconds\n")
            #expect(daemon.lastRequest?.uri == "/api/v1/begin-modify/0:id")

            let withData = await bbd(["begin-modify", "-uds", socket, "--data", "0:id"])
            #expect(withData.standardOutput == "abcdefghijklmnopqrstuv\n")
            #expect(withData.standardError == "TTL: 42 seconds\nData: current\n")

            daemon.setResponder { _ in .error(409, "store is locked", code: "StoreLocked") }
            let locked = await bbd(["begin-modify", "-uds", socket, "0:id"])
            #expect(locked.exitCode == 1)
            #expect(locked.standardError == "begin-modify failed (409): store is locked\nerror code: StoreLocked\n")
        }
    }

    @Test func completeModify() async throws {
        try await withDaemon({ _ in .ok() }) { daemon, socket in
            let result = await bbd([
                "complete-modify", "-uds", socket, "-lock", "L1", "-ttl", "30", "-data", "new", "0:id",
            ])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "modified\n")
            let request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/complete-modify/0:id")
            #expect(request.header("BigBunny-Lock-ID") == "L1")
            #expect(request.header("BigBunny-Not-Valid-After") == "30")
            #expect(request.bodyText == "new")

            let fromInput = await bbd(["complete-modify", "-uds", socket, "--lock=L2", "0:id"], input: "piped")
            #expect(fromInput.exitCode == 0)
            #expect(daemon.lastRequest?.bodyText == "piped")
            #expect(daemon.lastRequest?.header("BigBunny-Not-Valid-After") == nil)
        }
    }

    @Test func completeModifyNeedsALock() async throws {
        try await withDaemon({ _ in .ok() }) { daemon, socket in
            let result = await bbd(["complete-modify", "-uds", socket, "-data", "x", "0:id"])
            #expect(result.exitCode == 1)
            #expect(result.standardError == "error: -lock is required\n")
            #expect(daemon.requests.isEmpty)

            // The positional check comes first, as in the reference.
            let usage = await bbd(["complete-modify", "-uds", socket])
            #expect(usage.exitCode == 1)
            #expect(usage.standardError == "usage: bbd complete-modify -lock <lock-id> [options] <store-id>\n")
        }
    }

    @Test func cancelModify() async throws {
        try await withDaemon({ _ in .ok("", headers: [("BigBunny-Warning", "DegradedWrite")]) }) { daemon, socket in
            let result = await bbd(["cancel-modify", "-uds", socket, "-lock", "L", "0:id"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "cancelled\n")
            #expect(result.standardError == "")
            #expect(daemon.lastRequest?.uri == "/api/v1/cancel-modify/0:id")
            #expect(daemon.lastRequest?.header("BigBunny-Lock-ID") == "L")

            let noLock = await bbd(["cancel-modify", "-uds", socket, "0:id"])
            #expect(noLock.exitCode == 1)
            #expect(noLock.standardError == "error: -lock is required\n")

            daemon.setResponder { _ in .error(409, "lock mismatch", code: "LockMismatch") }
            let mismatch = await bbd(["cancel-modify", "-uds", socket, "-lock", "L", "0:id"])
            #expect(mismatch.exitCode == 1)
            #expect(mismatch.standardError == "cancel-modify failed (409): lock mismatch\nerror code: LockMismatch\n")
        }
    }

    // MARK: counters

    @Test func counterCreate() async throws {
        try await withDaemon({ _ in .ok("0:counter") }) { daemon, socket in
            let plain = await bbd(["counter-create", "-uds", socket])
            #expect(plain.exitCode == 0)
            #expect(plain.standardOutput == "0:counter\n")
            var request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.bodyText == "{\"type\":\"counter\",\"value\":0}")

            let bounded = await bbd([
                "counter-create", "-uds", socket, "-value", "50", "-with-min", "-min", "-10", "-max", "100",
                "-ttl", "60",
            ])
            #expect(bounded.exitCode == 0)
            request = try #require(daemon.lastRequest)
            #expect(request.bodyText == "{\"type\":\"counter\",\"value\":50,\"min\":-10}")
            #expect(request.header("BigBunny-Not-Valid-After") == "60")

            let named = await bbd([
                "counter-create", "-uds", socket, "--name", "rate-limit:customer1", "--with-max", "--max", "0x64",
                "--reuse",
            ])
            #expect(named.exitCode == 0)
            request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create-by-name/rate-limit:customer1")
            #expect(request.bodyText == "{\"type\":\"counter\",\"value\":0,\"max\":100}")
            #expect(request.header("BigBunny-Reuse-If-Exists") == "true")
            #expect(request.header("Content-Type") == "application/json")

            daemon.setResponder { _ in .error(400, "invalid bounds", code: "InvalidBounds") }
            let invalid = await bbd(["counter-create", "-uds", socket, "-with-min", "-min", "5", "-with-max"])
            #expect(invalid.exitCode == 1)
            #expect(invalid.standardError == "counter-create failed (400): invalid bounds\nerror code: InvalidBounds\n")
        }
    }

    @Test func counterGetPrettyPrints() async throws {
        try await withDaemon({ _ in
            .ok(
                "{\"value\":9223372036854775807,\"version\":3,\"min\":0,\"max\":9223372036854775807}\n",
                headers: [("Content-Type", "application/json")])
        }) { daemon, socket in
            let result = await bbd(["counter-get", "-uds", socket, "0:c"])
            #expect(result.exitCode == 0)
            #expect(
                result.standardOutput == """
                    {
                      "max": 9223372036854775807,
                      "min": 0,
                      "value": 9223372036854775807,
                      "version": 3
                    }

                    """)
            #expect(daemon.lastRequest?.uri == "/api/v1/snapshot/0:c")

            daemon.setResponder { _ in .ok("not json") }
            let raw = await bbd(["counter-get", "-uds", socket, "0:c"])
            #expect(raw.exitCode == 0)
            #expect(raw.standardOutput == "not json\n")
        }
    }

    @Test func counterIncrementAndDecrement() async throws {
        let answer = "{\"value\":10,\"version\":2,\"bounded\":true,\"min\":0,\"max\":10}\n"
        try await withDaemon({ _ in .ok(answer, headers: [("Bigbunny-Warning", "DegradedWrite")]) }) { daemon, socket in
            let incremented = await bbd(["counter-increment", "-uds", socket, "-delta", "10", "0:c"])
            #expect(incremented.exitCode == 0)
            #expect(
                incremented.standardOutput == """
                    {
                      "bounded": true,
                      "max": 10,
                      "min": 0,
                      "value": 10,
                      "version": 2
                    }

                    """)
            #expect(incremented.standardError == "warning: DegradedWrite\n")
            var request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/increment/0:c")
            #expect(request.bodyText == "{\"delta\":10}")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("BigBunny-Not-Valid-After") == nil)

            let decremented = await bbd(["counter-decrement", "-uds", socket, "-ttl", "5", "0:c"])
            #expect(decremented.exitCode == 0)
            request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/decrement/0:c")
            #expect(request.bodyText == "{\"delta\":1}")
            #expect(request.header("BigBunny-Not-Valid-After") == "5")

            daemon.setResponder { _ in .error(400, "store type mismatch", code: "TypeMismatch") }
            let mismatch = await bbd(["counter-increment", "-uds", socket, "0:blob"])
            #expect(mismatch.exitCode == 1)
            #expect(
                mismatch.standardError
                    == "counter-increment failed (400): store type mismatch\nerror code: TypeMismatch\n")
        }
    }

    @Test func counterSet() async throws {
        try await withDaemon({ _ in .ok() }) { daemon, socket in
            let result = await bbd(["counter-set", "-uds", socket, "-value", "-50", "0:c"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput == "ok\n")
            let request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/update/0:c")
            #expect(request.bodyText == "{\"value\":-50}")
            #expect(request.header("Content-Type") == "application/json")

            daemon.setResponder { _ in .error(400, "value out of bounds", code: "ValueOutOfBounds") }
            let outOfBounds = await bbd(["counter-set", "-uds", socket, "-value", "500", "0:c"])
            #expect(outOfBounds.exitCode == 1)
            #expect(
                outOfBounds.standardError
                    == "counter-set failed (400): value out of bounds\nerror code: ValueOutOfBounds\n")
        }
    }

    // MARK: flag errors and help

    @Test(arguments: [
        ["create", "-bogus"], ["create", "-ttl", "soon"], ["counter-increment", "-delta", "1.5", "x"],
        ["get", "-ttl=maybe", "x"], ["status", "-customer", "c"], ["promote", "-uds"],
    ])
    func subcommandFlagErrorsExitTwo(arguments: [String]) async {
        let result = await bbd(arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("usage: bbd \(arguments[0])"))
        #expect(result.standardError.contains("  -uds string"))
        #expect(result.standardOutput == "")
    }

    @Test func subcommandHelpListsItsFlags() async {
        let result = await bbd(["counter-create", "-h"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("usage: bbd counter-create [options]\n"))
        for flag in [
            "-customer string", "-max int", "-min int", "-name string", "-reuse", "-ttl int", "-uds string",
            "-value int", "-with-max", "-with-min",
        ] {
            #expect(result.standardOutput.contains("  " + flag), "\(flag)")
        }
        #expect(result.standardOutput.contains("(default \"test-customer\")"))
    }
}
