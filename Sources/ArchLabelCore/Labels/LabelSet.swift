/// A validated set of labels ready to publish or print: full keys (prefix + name), sanitised
/// values, the evidence behind each, and a warning for every label that had to be dropped.
public struct LabelSet: Sendable, Equatable {
    /// One label: its full key, its name without prefix, its value and its evidence.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var name: String
        public var value: String
        public var evidence: [Evidence]
    }

    /// Entries sorted by key.
    public private(set) var entries: [Entry]
    /// Labels dropped because no valid key or value could be made from them.
    public private(set) var warnings: [ProbeWarning]

    /// Sanitises and validates computed labels; names without `/` get the prefix. When two labels
    /// share a key the first wins.
    public init(_ computed: [ComputedLabel], prefix: LabelPrefix) {
        var entries: [String: Entry] = [:]
        var warnings: [ProbeWarning] = []
        // A name with a `/` is a full key already (a custom label with its own prefix).
        func fullKey(_ name: String) -> String { name.contains("/") ? name : prefix.key(name) }
        for label in computed where entries[fullKey(label.name)] == nil {
            let key = fullKey(label.name)
            guard LabelSyntax.isValidKey(key) else {
                warnings.append(ProbeWarning(label.name, "dropped: \"\(key)\" is not a valid label key"))
                continue
            }
            guard let value = LabelSyntax.sanitisedValue(label.rawValue) else {
                warnings.append(ProbeWarning(label.name, "dropped: no valid label value can be made from \"\(label.rawValue)\""))
                continue
            }
            entries[key] = Entry(key: key, name: label.name, value: value, evidence: label.evidence)
        }
        self.entries = entries.values.sorted { $0.key < $1.key }
        self.warnings = warnings
    }

    /// The labels as a key → value dictionary.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
    }

    /// The value of a label by its name without prefix.
    public subscript(name: String) -> String? { entries.first { $0.name == name }?.value }
}
