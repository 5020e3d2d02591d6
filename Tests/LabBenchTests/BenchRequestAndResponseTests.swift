import Testing

@testable import LabBench

@Suite struct BenchRequestRendererTests {
    let renderer = BenchRequestRenderer(customer: "bench", bodyBytes: 5)

    @Test func rendersEachRequestWithTheStoreID() {
        #expect(
            String(decoding: renderer.render(.snapshot, storeID: "ID1"), as: UTF8.self)
                == "POST /api/v1/snapshot/ID1 HTTP/1.1\r\nHost: bench\r\nX-Customer-ID: bench\r\nContent-Length: 0\r\n\r\n"
        )
        #expect(
            String(decoding: renderer.render(.update, storeID: "ID2"), as: UTF8.self)
                == "POST /api/v1/update/ID2 HTTP/1.1\r\nHost: bench\r\nX-Customer-ID: bench\r\nContent-Length: 5\r\n\r\nabcde"
        )
        #expect(
            String(decoding: renderer.render(.create, storeID: "ignored"), as: UTF8.self)
                == "POST /api/v1/create HTTP/1.1\r\nHost: bench\r\nX-Customer-ID: bench\r\nContent-Length: 5\r\n\r\nabcde"
        )
        #expect(
            String(decoding: renderer.render(.increment, storeID: "C"), as: UTF8.self).hasSuffix(
                "Content-Length: 11\r\n\r\n{\"delta\":1}"))
        #expect(
            String(decoding: renderer.render(.beginModify, storeID: "M"), as: UTF8.self).hasPrefix(
                "POST /api/v1/begin-modify/M HTTP/1.1\r\n"))
    }

    @Test func completeModifySplicesTheLockID() {
        let parts = renderer.completeModifyParts(storeID: "M")
        let request = String(decoding: parts.prefix + Array("LOCK".utf8) + parts.suffix, as: UTF8.self)
        #expect(
            request
                == "POST /api/v1/complete-modify/M HTTP/1.1\r\nHost: bench\r\nX-Customer-ID: bench\r\n"
                + "BigBunny-Lock-ID: LOCK\r\nContent-Length: 5\r\n\r\nabcde")
    }
}

@Suite struct BenchResponseParserTests {
    static let ok = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello".utf8)

    @Test func parsesAnswersSplitAnywhere() throws {
        let two =
            Self.ok
            + Array(
                "HTTP/1.1 409 Conflict\r\nbigbunny-error-code: StoreLocked\r\nContent-Length: 12\r\n\r\nstore locked"
                    .utf8)
        for split in 0...two.count {
            var parser = BenchResponseParser()
            var responses: [BenchResponse] = []
            parser.append(Array(two[..<split]))
            while let response = try parser.next() { responses.append(response) }
            parser.append(Array(two[split...]))
            while let response = try parser.next() { responses.append(response) }
            #expect(
                responses == [BenchResponse(status: 200), BenchResponse(status: 409, errorCode: "StoreLocked")],
                "split at \(split)")
            #expect(!parser.hasPartialResponse)
        }
    }

    @Test func byteByByte() throws {
        var parser = BenchResponseParser()
        var responses: [BenchResponse] = []
        let text = Array(
            "HTTP/1.1 200 OK\r\nBigBunny-Lock-ID: AAAA\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc".utf8)
        for byte in text + Self.ok {
            parser.append([byte])
            while let response = try parser.next() { responses.append(response) }
        }
        #expect(
            responses == [
                BenchResponse(status: 200, lockID: Array("AAAA".utf8), closesConnection: true),
                BenchResponse(status: 200),
            ])
    }

    @Test func headersWithoutBodyAndInformationalAnswers() throws {
        var parser = BenchResponseParser()
        parser.append(Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n".utf8))
        #expect(try parser.next() == BenchResponse(status: 204))
        #expect(try parser.next() == nil)
    }

    @Test(arguments: [
        ("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", BenchResponseError.malformedStatusLine),
        ("SMTP 220 hello there\r\n\r\n", .malformedStatusLine),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", .malformedHeader),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .unsupportedFraming),
        ("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", .unsupportedFraming),
    ])
    func malformedAnswersAreErrors(text: String, expected: BenchResponseError) {
        var parser = BenchResponseParser()
        parser.append(Array(text.utf8))
        #expect(throws: expected) { try parser.next() }
    }

    @Test func oversizedHeadIsAnError() {
        var parser = BenchResponseParser()
        parser.append(Array("HTTP/1.1 200 OK\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 70_000))
        #expect(throws: BenchResponseError.headTooLarge) { try parser.next() }
    }
}
