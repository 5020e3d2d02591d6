import BunnyCore
import Foundation

/// Talks to a running lab's control socket (`DIR/control.sock`) from another process.
public struct LabControlClient: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = URL(fileURLWithPath: folder).standardizedFileURL.path
    }

    public var socketPath: String { folder + "/" + LabCluster.Files.control }

    public enum Failure: Error, CustomStringConvertible {
        case noLab(String)
        case refused(String)

        public var description: String {
            switch self {
            case .noLab(let detail): return detail
            case .refused(let message): return message
            }
        }
    }

    /// Sends one request; a non-2xx answer becomes `.refused` with the lab's error message.
    public func send(_ method: String, _ path: String, body: [UInt8] = [], timeoutMilliseconds: Int = 15_000)
        throws(Failure) -> [UInt8]
    {
        let client = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: timeoutMilliseconds)
        let response: UnixSocketHTTP.Response
        do {
            response = try client.request(method, path, body: body)
        } catch {
            throw .noLab("no lab answers at \(socketPath) (\(error)); is it up? (bblab up --dir \(folder))")
        }
        guard (200..<300).contains(response.status) else {
            // The lab's `{"error": …}`, else the raw body, else the status (never an empty message).
            let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let message = (try? JSONParser.parse(response.body).objectValue?["error"]?.stringValue) ?? text
            throw .refused(message.isEmpty ? "the lab answered \(response.status)" : message)
        }
        return response.body
    }
}
