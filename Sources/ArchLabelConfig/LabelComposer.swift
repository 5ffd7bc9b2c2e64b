import ArchLabelCore

/// Puts the published label set together: the built-in labels that are not disabled, then the
/// configuration's static and rule labels, then the drop-in files' labels. A key set earlier
/// wins (a built-in label cannot be replaced by a custom one with the same key). Rules are
/// evaluated over every computed built-in label, disabled ones included.
public enum LabelComposer {
    /// The labels to publish and the warnings of rules and drop-ins.
    public static func compose(
        builtin: [ComputedLabel], configuration: Configuration, dropIns: [ComputedLabel], prefix: LabelPrefix
    ) -> (labels: LabelSet, warnings: [ProbeWarning]) {
        let everything = LabelSet(builtin, prefix: prefix)
        let published = builtin.filter { !configuration.disable.contains($0.name) }
        let (custom, warnings) = CustomLabels.compute(configuration, builtin: everything)
        return (LabelSet(published + custom + dropIns, prefix: prefix), warnings)
    }
}
