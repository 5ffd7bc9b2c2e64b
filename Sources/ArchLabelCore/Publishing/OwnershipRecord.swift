/// The record of which label keys archlabeld manages on a Node: the annotation
/// `PREFIX + managed-labels` holding the keys sorted and comma-separated. Only keys listed here
/// are ever changed or removed; every other label belongs to someone else.
public enum OwnershipRecord {
    /// The annotation's name under `prefix` (`archlabeld.io/managed-labels`; `managed-labels` bare).
    public static func annotationKey(prefix: LabelPrefix) -> String { prefix.key("managed-labels") }

    /// The keys listed in an annotation value. Entries that are not valid label keys (a hand-edited
    /// or hostile annotation) are dropped, so they can never cause a write.
    public static func keys(in value: String?) -> Set<String> {
        guard let value else { return [] }
        var keys = Set<String>()
        for item in value.split(separator: ",") {
            let key = item.filter { $0 != " " }
            if LabelSyntax.isValidKey(key) { keys.insert(key) }
        }
        return keys
    }

    /// The annotation value for `keys`: sorted, comma-separated, nil when there are none (the
    /// annotation is then removed rather than left empty).
    public static func value(for keys: Set<String>) -> String? {
        keys.isEmpty ? nil : keys.sorted().joined(separator: ",")
    }
}
