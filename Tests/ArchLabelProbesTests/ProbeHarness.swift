import ArchLabelCore
import ArchLabelProbes

/// Probes a tree the way `archlabeld --root DIR --label-prefix ""` does, with the live facts a
/// capture recorded beside it (none by default).
func probeLabels(root: String, live: LiveFacts = .none) throws -> (labels: [String: String], facts: HostFacts, set: LabelSet) {
    let hostRoot = try HostRoot(path: root)
    let facts = HostProber(root: hostRoot, live: live).probe()
    let set = LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
    return (set.dictionary, facts, set)
}

/// Every label value must be valid Kubernetes syntax, whatever the input was.
func allValid(_ set: LabelSet) -> Bool {
    set.entries.allSatisfy { LabelSyntax.isValidKey($0.key) && LabelSyntax.isValidValue($0.value) }
}
