import Testing

@testable import BunnyCore

@Suite("JSON parser")
struct JSONParserTests {
    @Test func parsesNestedDocuments() throws {
        let value = try JSONParser.parse(
            Array(#" {"a":[1,-2.5e3,true,false,null],"b":{"c":"d\u00e9\n\ud83d\ude00"}} "#.utf8))
        let object = try #require(value.objectValue)
        #expect(object["b"]?.objectValue?["c"]?.stringValue == "dé\n😀")
        #expect(object["A"] != nil)
    }

    @Test func memberLookupPrefersExactMatchAndLastDuplicate() throws {
        let object = try #require(try JSONParser.parse(Array(#"{"Delta":1,"delta":2,"DELTA":3}"#.utf8)).objectValue)
        #expect(object["delta"] == .number(JSONNumber(text: "2")))
        #expect(object["dElTa"] == .number(JSONNumber(text: "3")))
    }

    @Test(arguments: [
        "", "{", "}", #"{"a":1,}"#, "[1,]", "01", "1.", "-", #"{"a" 1}"#, "tru", "\"\u{01}\"", #""\x""#, "{} {}",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func refusesMalformedInput(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func integerReadingIsExact() {
        #expect(JSONNumber(text: "9223372036854775807").int64Value == .max)
        #expect(JSONNumber(text: "9223372036854775808").int64Value == nil)
        #expect(JSONNumber(text: "18446744073709551615").uint64Value == .max)
        #expect(JSONNumber(text: "1e3").int64Value == nil)
        #expect(JSONNumber(text: "1.0").int64Value == nil)
    }
}
