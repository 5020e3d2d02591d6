@testable import BunnyServer
import TestSupport
import Testing

/// The query string of `GET /internal/registry/lookup`, read as Go's `url.ParseQuery` reads it.
@Suite("Query parameters", .ownThreads)
struct QueryParametersTests {
    @Test func pairsArePercentDecodedWithPlusAsSpace() {
        #expect(
            HTTPRequestHandler.queryParameters("/internal/registry/lookup?customer_id=acme&name=my+cart%21")
                == ["customer_id": "acme", "name": "my cart!"])
    }

    @Test func emptySidesAreKept() {
        #expect(HTTPRequestHandler.queryParameters("/x?=") == ["": ""])
        #expect(HTTPRequestHandler.queryParameters("/x?=v") == ["": "v"])
        #expect(HTTPRequestHandler.queryParameters("/x?k=") == ["k": ""])
        #expect(HTTPRequestHandler.queryParameters("/x?k") == ["k": ""])
        #expect(HTTPRequestHandler.queryParameters("/x?&&=&") == ["": ""])
    }

    @Test func noQueryIsEmpty() {
        #expect(HTTPRequestHandler.queryParameters("/x").isEmpty)
        #expect(HTTPRequestHandler.queryParameters("/x?").isEmpty)
    }
}
