import ArchLabelCore
import Foundation

/// The patch content types the server accepts on a Node.
enum PatchKind: String, CaseIterable, Sendable {
    case json = "application/json-patch+json"
    case merge = "application/merge-patch+json"
    /// Treated as a JSON merge patch: for the string maps of metadata (labels, annotations) the
    /// two agree; strategic list merging and `$patch` directives are not modelled.
    case strategicMerge = "application/strategic-merge-patch+json"

    /// The kind named by a Content-Type header value (parameters such as charset ignored).
    init?(contentType: String) {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let mediaType, let kind = PatchKind(rawValue: mediaType) else { return nil }
        self = kind
    }

    /// Applies the patch document to `object`.
    func apply(_ patch: JSONValue, to object: JSONValue) throws(APIError) -> JSONValue {
        switch self {
        case .merge, .strategicMerge:
            guard case .object = patch else { throw .badRequest("Invalid JSON Patch") }
            return Self.mergePatch(object, patch)
        case .json:
            guard case .array(let operations) = patch else {
                throw .badRequest("json: cannot unmarshal \(patch.goTypeName) into Go value of type jsonpatch.Patch")
            }
            var document = object
            for operation in operations { document = try JSONPatchOperation(operation).apply(to: document) }
            return document
        }
    }

    /// RFC 7386.
    static func mergePatch(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        guard case .object(var members) = target else { return mergePatch(.object([:]), patch) }
        for (key, change) in changes {
            if change == .null {
                members[key] = nil
            } else {
                members[key] = mergePatch(members[key] ?? .null, change)
            }
        }
        return .object(members)
    }
}

/// One RFC 6902 operation. Failures are the generic 422 kube-apiserver answers for any operation
/// that does not apply (missing path, failed `test`); malformed operations are 400s.
struct JSONPatchOperation {
    let op: String
    let path: [String]
    let from: [String]?
    let value: JSONValue?

    init(_ json: JSONValue) throws(APIError) {
        guard case .string(let op)? = json[member: "op"], case .string(let path)? = json[member: "path"] else {
            throw .badRequest("a JSON patch operation needs string members \"op\" and \"path\"")
        }
        self.op = op
        self.path = try Self.pointer(path)
        if case .string(let from)? = json[member: "from"] { self.from = try Self.pointer(from) } else { from = nil }
        value = json[member: "value"]
    }

    /// RFC 6901 reference tokens.
    static func pointer(_ text: String) throws(APIError) -> [String] {
        guard !text.isEmpty else { return [] }
        guard text.hasPrefix("/") else { throw .badRequest("JSON pointer must be empty or start with a \"/\": \(text)") }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    func apply(to document: JSONValue) throws(APIError) -> JSONValue {
        switch op {
        case "add":
            guard let value else { throw .badRequest("missing value for add") }
            return try Self.add(value, at: path[...], in: document)
        case "remove":
            return try Self.remove(path[...], in: document)
        case "replace":
            guard let value else { throw .badRequest("missing value for replace") }
            return try Self.add(value, at: path[...], in: Self.remove(path[...], in: document))
        case "test":
            let actual = try? Self.get(path[...], in: document)
            guard actual == value || (actual == nil && value == .null) else { throw .patchNotApplied }
            return document
        case "move", "copy":
            guard let from else { throw .badRequest("missing from for \(op)") }
            let moved = try Self.get(from[...], in: document)
            let source = try op == "move" ? Self.remove(from[...], in: document) : document
            return try Self.add(moved, at: path[...], in: source)
        default:
            throw .badRequest("Unexpected kind: \(op)")
        }
    }

    static func get(_ path: ArraySlice<String>, in document: JSONValue) throws(APIError) -> JSONValue {
        guard let token = path.first else { return document }
        switch document {
        case .object(let members):
            guard let child = members[token] else { throw .patchNotApplied }
            return try get(path.dropFirst(), in: child)
        case .array(let items):
            guard let index = Int(token), items.indices.contains(index) else { throw .patchNotApplied }
            return try get(path.dropFirst(), in: items[index])
        default:
            throw .patchNotApplied
        }
    }

    static func add(_ value: JSONValue, at path: ArraySlice<String>, in document: JSONValue) throws(APIError) -> JSONValue {
        guard let token = path.first else { return value }
        let last = path.count == 1
        switch document {
        case .object(var members):
            if last {
                members[token] = value
            } else {
                guard let child = members[token] else { throw .patchNotApplied }
                members[token] = try add(value, at: path.dropFirst(), in: child)
            }
            return .object(members)
        case .array(var items):
            if last {
                let index = token == "-" ? items.count : Int(token) ?? -1
                guard (0...items.count).contains(index) else { throw .patchNotApplied }
                items.insert(value, at: index)
            } else {
                guard let index = Int(token), items.indices.contains(index) else { throw .patchNotApplied }
                items[index] = try add(value, at: path.dropFirst(), in: items[index])
            }
            return .array(items)
        default:
            throw .patchNotApplied
        }
    }

    static func remove(_ path: ArraySlice<String>, in document: JSONValue) throws(APIError) -> JSONValue {
        guard let token = path.first else { throw .patchNotApplied }
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw .patchNotApplied }
            if path.count == 1 {
                members[token] = nil
            } else {
                members[token] = try remove(path.dropFirst(), in: child)
            }
            return .object(members)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index) else { throw .patchNotApplied }
            if path.count == 1 {
                items.remove(at: index)
            } else {
                items[index] = try remove(path.dropFirst(), in: items[index])
            }
            return .array(items)
        default:
            throw .patchNotApplied
        }
    }
}
