/// The record of which label keys archlabeld manages on a Node: the annotation
/// `PREFIX + managed-labels` holding the keys sorted and comma-separated. Only keys listed here
/// are ever changed or removed; every other label belongs to someone else.
public enum OwnershipRecord {
    /// The annotation's name under `prefix` (`archlabeld.io/managed-labels`; `managed-labels` bare).
    public static func annotationKey(prefix: LabelPrefix) -> String { prefix.key("managed-labels") }

    /// The keys listed in an annotation value. The record is authoritative: a key listed here is
    /// archlabeld's to change and remove. Entries that are not valid label keys, and keys under
    /// `kubernetes.io`/`k8s.io` (which archlabeld never sets, and which belong to the kubelet and
    /// the control plane), are dropped, so a hand-edited or hostile record cannot make archlabeld
    /// touch them.
    public static func keys(in value: String?) -> Set<String> {
        guard let value else { return [] }
        var keys = Set<String>()
        for item in value.split(separator: ",") {
            let key = item.filter { $0 != " " }
            guard LabelSyntax.isValidKey(key) else { continue }
            if let slash = key.firstIndex(of: "/"), LabelSyntax.isReservedDomain(String(key[..<slash])) { continue }
            keys.insert(key)
        }
        return keys
    }

    /// The annotation value for `keys`: sorted, comma-separated, nil when there are none (the
    /// annotation is then removed rather than left empty).
    public static func value(for keys: Set<String>) -> String? {
        keys.isEmpty ? nil : keys.sorted().joined(separator: ",")
    }
}
