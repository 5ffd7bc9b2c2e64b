import ArchLabelCore

/// The labels the configuration adds to the built-in ones: static labels, then the labels of
/// every rule whose expressions all hold over the built-in labels. Each carries evidence naming
/// the file and rule, as `--once --dry-run` shows it.
///
/// Rules see every built-in label that was computed, including disabled ones: `disable` stops a
/// label from being published, not from being used (so `memory.gib` can feed a rule without being
/// on the Node). Later entries do not override earlier ones: a static label wins over a rule's,
/// and an earlier rule over a later one.
public enum CustomLabels {
    /// The custom labels (names as written: a name without `/` gets the prefix when published)
    /// and a warning for every expression that could not be evaluated as written.
    public static func compute(_ configuration: Configuration, builtin: LabelSet) -> (labels: [ComputedLabel], warnings: [ProbeWarning]) {
        var labels: [ComputedLabel] = []
        var warnings: [ProbeWarning] = []
        var taken = Set<String>()
        func add(_ name: String, _ value: String, _ evidence: Evidence) {
            guard taken.insert(name).inserted else { return }
            labels.append(ComputedLabel(name, value, [evidence]))
        }
        for (name, value) in configuration.labels.sorted(by: { $0.key < $1.key }) {
            add(name, value, Evidence(configuration.source, "labels.\(name)"))
        }
        for rule in configuration.rules {
            var holds = true
            for expression in rule.matchExpressions {
                let (result, reason) = expression.evaluate(builtin[expression.key])
                if let reason { warnings.append(ProbeWarning(rule.location, reason)) }
                holds = holds && result
            }
            guard holds else { continue }
            let why = rule.matchExpressions.isEmpty ? "no conditions" : rule.matchExpressions.map(\.description).joined(separator: ", ")
            for (name, value) in rule.labels.sorted(by: { $0.key < $1.key }) {
                add(name, value, Evidence(rule.location, why))
            }
        }
        return (labels, warnings)
    }
}
