/// What a publish adds, changes and removes on the Node, by full label key. Its JSON form is
/// the `changes` member of the dry-run report and the `ARCHLABELD_CHANGES` journal field.
public struct LabelChanges: Sendable, Equatable {
    /// A value that changes.
    public struct ValueChange: Sendable, Equatable {
        /// The value on the Node now.
        public var from: String
        /// The value archlabeld sets.
        public var to: String
    }

    /// Keys that are new on the Node, with their values.
    public var added: [String: String] = [:]
    /// Managed keys whose value changes.
    public var changed: [String: ValueChange] = [:]
    /// Managed keys that are removed, with the value they had.
    public var removed: [String: String] = [:]

    /// Creates an empty change set.
    public init() {}

    /// True when no label changes.
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// `{"added": {k: v}, "changed": {k: {"from": a, "to": b}}, "removed": {k: v}}`.
    public var json: JSONValue {
        .object([
            "added": .object(added.mapValues { .string($0) }),
            "changed": .object(changed.mapValues { .object(["from": .string($0.from), "to": .string($0.to)]) }),
            "removed": .object(removed.mapValues { .string($0) }),
        ])
    }
}
