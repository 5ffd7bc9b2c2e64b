import ArchLabelCore
import Foundation

/// JSON text decoded into ArchLabelCore's `JSONValue` (Foundation's decoder does the parsing).
/// Numbers must be integers: nothing a Node patch carries needs fractions.
struct JSONDocument: Decodable {
    let value: JSONValue

    /// Why a body is not usable JSON.
    struct DecodingFailure: Error {
        let message: String
    }

    static func parse(_ bytes: [UInt8]) throws(DecodingFailure) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONDocument.self, from: Data(bytes)).value
        } catch let failure as DecodingFailure {
            throw failure
        } catch {
            throw DecodingFailure(message: "invalid JSON: \(error)")
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let integer = try? container.decode(Int.self) {
            value = .number(integer)
        } else if (try? container.decode(Double.self)) != nil {
            throw DecodingFailure(message: "non-integer numbers are not supported by the test API server")
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([JSONDocument].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONDocument].self).mapValues(\.value))
        }
    }
}

extension JSONValue {
    /// The member `key` of an object, nil for a missing member or a non-object.
    subscript(member key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The name of this value's JSON type as Go's encoding/json reports it in errors.
    var goTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compact serialization as UTF-8.
    var bytes: [UInt8] { Array(serialized(indent: 0).utf8) }
}
