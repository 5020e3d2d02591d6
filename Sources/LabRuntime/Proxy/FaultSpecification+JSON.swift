import Foundation
import LabCore

extension FaultSpecification {
    /// Decodes a specification from the control plane's JSON, with errors that name the field.
    public static func decode(json: some Collection<UInt8>) throws(FaultSpecificationError) -> FaultSpecification {
        do {
            return try JSONDecoder().decode(FaultSpecification.self, from: Data(json))
        } catch let error as FaultSpecificationError {
            throw error
        } catch let error as DecodingError {
            throw FaultSpecificationError(error)
        } catch {
            throw FaultSpecificationError(field: "", reason: "\(error)")
        }
    }

    /// The specification as JSON with sorted keys.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
