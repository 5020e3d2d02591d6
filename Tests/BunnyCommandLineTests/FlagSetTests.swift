import Testing

@testable import BunnyCommandLine

@Suite("Flag set parsing")
struct FlagSetTests {
    private var flags: FlagSet {
        var flags = FlagSet(name: "test")
        flags.string("uds", default: "/tmp/bbd.sock", usage: "socket")
        flags.boolean("json", usage: "raw")
        flags.integer("ttl", usage: "seconds")
        flags.duration("timeout", default: .seconds(30), usage: "timeout")
        return flags
    }

    @Test(arguments: [
        ["-uds", "/x"], ["-uds=/x"], ["--uds", "/x"], ["--uds=/x"],
    ])
    func allFourSpellingsWork(arguments: [String]) throws {
        let parsed = try flags.parse(arguments)
        #expect(parsed.string("uds") == "/x")
        #expect(parsed.explicitlySet == ["uds"])
        #expect(parsed.positional.isEmpty)
    }

    @Test func defaultsApplyWhenAbsent() throws {
        let parsed = try flags.parse([])
        #expect(parsed.string("uds") == "/tmp/bbd.sock")
        #expect(parsed.boolean("json") == false)
        #expect(parsed.integer("ttl") == 0)
        #expect(parsed.duration("timeout") == .seconds(30))
    }

    @Test func booleansTakeNoSeparateValue() throws {
        #expect(try flags.parse(["-json"]).boolean("json"))
        #expect(try flags.parse(["--json=false"]).boolean("json") == false)
        #expect(try flags.parse(["-json=1"]).boolean("json"))
        let parsed = try flags.parse(["-json", "false"])
        #expect(parsed.boolean("json"))
        #expect(parsed.positional == ["false"])
    }

    @Test func parsingStopsAtFirstPositional() throws {
        let parsed = try flags.parse(["-ttl", "5", "store-id", "-json"])
        #expect(parsed.integer("ttl") == 5)
        #expect(parsed.boolean("json") == false)
        #expect(parsed.positional == ["store-id", "-json"])
    }

    @Test func doubleDashEndsFlagsAndSingleDashIsPositional() throws {
        #expect(try flags.parse(["--", "-json"]).positional == ["-json"])
        #expect(try flags.parse(["-", "x"]).positional == ["-", "x"])
    }

    @Test func aValueMayStartWithADash() throws {
        #expect(try flags.parse(["-uds", "-weird"]).string("uds") == "-weird")
        #expect(try flags.parse(["-ttl", "-5"]).integer("ttl") == -5)
        #expect(try flags.parse(["-uds="]).string("uds") == "")
    }

    @Test func laterOccurrenceWins() throws {
        #expect(try flags.parse(["-ttl", "1", "--ttl=2"]).integer("ttl") == 2)
    }

    @Test(arguments: [
        (["-nope"], "flag provided but not defined: -nope"),
        (["--nope=1"], "flag provided but not defined: -nope"),
        (["-uds"], "flag needs an argument: -uds"),
        (
            ["-ttl", "abc"],
            "invalid value \"abc\" for flag -ttl: expected an integer (decimal, 0x hex or 0-prefixed octal)"
        ),
        (["-json=maybe"], "invalid boolean value \"maybe\" for -json: expected true or false"),
        (
            ["-timeout", "5"],
            "invalid value \"5\" for flag -timeout: expected a duration such as 500ms, 30s, 2m or 1h30m"
        ),
        (["---uds"], "bad flag syntax: ---uds"),
        (["-=x"], "bad flag syntax: -=x"),
    ])
    func errorsNameTheFlag(arguments: [String], message: String) {
        #expect(throws: FlagParseError.invalid(message)) { try flags.parse(arguments) }
    }

    @Test(arguments: [["-h"], ["-help"], ["--help"], ["--h"]])
    func helpIsRecognised(arguments: [String]) {
        #expect(throws: FlagParseError.helpRequested) { try flags.parse(arguments) }
    }

    @Test func flagListLooksLikeGo() {
        #expect(
            flags.usageText == """
                Usage of test:
                  -json
                    \traw
                  -timeout duration
                    \ttimeout (default 30s)
                  -ttl int
                    \tseconds
                  -uds string
                    \tsocket (default "/tmp/bbd.sock")

                """)
    }
}
