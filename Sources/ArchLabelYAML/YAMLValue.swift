/// A node together with where it sits (file and key path), so that typed accessors can
/// throw errors that point at the exact line, column and key.
public struct YAMLValue: Sendable {
    /// The node itself.
    public let node: YAMLNode
    /// The file the document came from, for errors.
    public let file: String
    /// The key path from the document root (`users[0].user.token`); empty at the root.
    public let keyPath: String

    /// Wraps a document's root node.
    public init(root node: YAMLNode, file: String) {
        self.init(node: node, file: file, keyPath: "")
    }

    init(node: YAMLNode, file: String, keyPath: String) {
        self.node = node
        self.file = file
        self.keyPath = keyPath
    }

    /// An error located at this value.
    public func error(_ message: String) -> YAMLError {
        YAMLError(file: file, mark: node.mark, keyPath: keyPath, message: message)
    }

    /// True when the value is YAML null (absent values are represented by nil, not by this).
    public var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.isNull }
        return false
    }

    /// The value as a string. Plain scalars such as `8080` or `true` are accepted as their text,
    /// as Kubernetes does for string fields; null, mappings and lists are errors.
    public func string() throws(YAMLError) -> String {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            throw error("expected a string, found \(node.kindDescription)")
        }
        return scalar.value
    }

    /// The value as a boolean: `true` or `false` (any capitalisation YAML allows), nothing else.
    public func bool() throws(YAMLError) -> Bool {
        if case .scalar(let scalar) = node, scalar.isPlain {
            switch scalar.value {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        throw error("expected true or false, found \(describe())")
    }

    /// The value as a mapping.
    public func mapping() throws(YAMLError) -> YAMLMap {
        guard case .mapping(let entries, _) = node else {
            throw error("expected a mapping, found \(node.kindDescription)")
        }
        return YAMLMap(entries: entries, owner: self)
    }

    /// The value as a list; YAML null counts as an empty list.
    public func list() throws(YAMLError) -> [YAMLValue] {
        if isNull { return [] }
        guard case .sequence(let items, _) = node else {
            throw error("expected a list, found \(node.kindDescription)")
        }
        return items.enumerated().map { index, item in
            YAMLValue(node: item, file: file, keyPath: "\(keyPath)[\(index)]")
        }
    }

    private func describe() -> String {
        if case .scalar(let scalar) = node, !scalar.isNull { return "\"\(scalar.value)\"" }
        return node.kindDescription
    }
}

/// A mapping with located access to its values.
public struct YAMLMap: Sendable {
    /// The entries in document order.
    public let entries: [YAMLEntry]
    let owner: YAMLValue

    /// The value under `key`, or nil when the key is absent or its value is null.
    public subscript(key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key.value == key }) else { return nil }
        let value = YAMLValue(node: entry.value, file: owner.file, keyPath: childPath(key))
        return value.isNull ? nil : value
    }

    /// The value under `key`, or an error naming the missing key.
    public func require(_ key: String) throws(YAMLError) -> YAMLValue {
        guard let value = self[key] else { throw owner.error("missing required key \"\(key)\"") }
        return value
    }

    /// Rejects keys outside `known`, pointing at the first unknown one.
    public func rejectUnknownKeys(_ known: Set<String>) throws(YAMLError) {
        for entry in entries where !known.contains(entry.key.value) {
            let path = childPath(entry.key.value)
            throw YAMLError(
                file: owner.file, mark: entry.key.mark, keyPath: path,
                message: "unknown key; expected one of \(known.sorted().joined(separator: ", "))"
            )
        }
    }

    /// Every entry as a located value, in document order.
    public var values: [(key: String, value: YAMLValue)] {
        entries.map { entry in
            (entry.key.value, YAMLValue(node: entry.value, file: owner.file, keyPath: childPath(entry.key.value)))
        }
    }

    private func childPath(_ key: String) -> String {
        owner.keyPath.isEmpty ? key : "\(owner.keyPath).\(key)"
    }
}
