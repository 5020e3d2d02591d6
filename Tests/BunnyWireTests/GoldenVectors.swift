import BunnyCore
import Foundation
import Testing

/// One recorded exchange of `shared/spec/vectors/`.
struct GoldenExchange {
    let fileName: String
    let path: String
    let status: Int?
    let requestBody: [UInt8]
    let responseBody: [UInt8]
}

/// Loads the golden wire samples recorded from the reference daemon.
///
/// They live beside the repository: `<repository root>/../shared/spec/vectors/` (CI clones the
/// repository with `shared/` next to it).
enum GoldenVectors {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // BunnyWireTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("../shared/spec/vectors", isDirectory: true)
            .standardizedFileURL
    }

    struct MissingVector: Error, CustomStringConvertible {
        let description: String
    }

    /// Every `*.json` file name in the vectors folder.
    static func allFileNames() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw MissingVector(
                description: "golden vectors folder not found at \(directory.path); "
                    + "the tests expect shared/spec/vectors beside the repository")
        }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ fileName: String) throws -> GoldenExchange {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MissingVector(
                description: "golden vector \(fileName) not found at \(url.path); "
                    + "the tests expect shared/spec/vectors beside the repository")
        }
        guard case .object(let object) = try JSONParser.parse([UInt8](data)) else {
            throw MissingVector(description: "\(fileName) is not a JSON object")
        }
        func text(_ name: String) -> String {
            if case .string(let value) = object[name] { return value }
            return ""
        }
        var status: Int?
        if case .number(let number) = object["status"] { status = number.int64Value.map(Int.init) }
        return GoldenExchange(
            fileName: fileName, path: text("path"), status: status,
            requestBody: Array(text("request_body_raw").utf8),
            responseBody: Array(text("response_body_raw").utf8))
    }
}

extension Array where Element == UInt8 {
    /// For readable failure messages.
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// A wall time from a civil UTC date and time, computed independently of `RFC3339Time`
/// (seconds since the epoch worked out with Python's `calendar.timegm`, see the call sites).
func wallTime(unixSeconds: Int64, nanoseconds: Int64 = 0) -> WallTime {
    WallTime(nanosecondsSinceEpoch: unixSeconds * 1_000_000_000 + nanoseconds)
}
