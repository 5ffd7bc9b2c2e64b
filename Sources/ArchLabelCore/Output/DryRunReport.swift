/// What `--once --dry-run` shows: the node, every label with its value and evidence, and what
/// could not be probed. Renders as a table for people or as the JSON document of the behaviour
/// contract (`node`, `labels`, `evidence`, `changes`, `patch`, plus `warnings`).
public struct DryRunReport: Sendable {
    public var node: Fact<String>?
    public var labels: LabelSet
    public var warnings: [ProbeWarning]

    public init(node: Fact<String>?, labels: LabelSet, warnings: [ProbeWarning]) {
        self.node = node
        self.labels = labels
        self.warnings = warnings
    }

    /// The JSON document. `changes` and `patch` are null: they need the live Node object.
    public var json: JSONValue {
        .object([
            "node": node.map { .string($0.value) } ?? .null,
            "labels": .object(Dictionary(uniqueKeysWithValues: labels.entries.map { ($0.key, .string($0.value)) })),
            "evidence": .object(Dictionary(uniqueKeysWithValues: labels.entries.map {
                ($0.key, .string($0.evidence.map(\.description).joined(separator: "; ")))
            })),
            "changes": .null,
            "patch": .null,
            "warnings": .array(warnings.map { .string($0.description) }),
        ])
    }

    /// The human-readable table.
    public var text: String {
        var out = ""
        if let node {
            out += "node: \(node.value) (\(node.evidence.map(\.description).joined(separator: "; ")))\n"
        } else {
            out += "node: unknown (no --node-name, $NODE_NAME, k3s node-name or host name)\n"
        }
        let keyWidth = labels.entries.map(\.key.count).max() ?? 5
        let valueWidth = labels.entries.map(\.value.count).max() ?? 5
        let pad = { (text: String, width: Int) in text + String(repeating: " ", count: max(0, width - text.count)) }
        out += "\n" + pad("LABEL", keyWidth) + "  " + pad("VALUE", valueWidth) + "  EVIDENCE\n"
        for entry in labels.entries {
            let evidence = entry.evidence.map(\.description).joined(separator: "; ")
            out += pad(entry.key, keyWidth) + "  " + pad(entry.value, valueWidth) + "  " + evidence + "\n"
        }
        if !warnings.isEmpty {
            out += "\nwarnings:\n"
            for warning in warnings { out += "  \(warning)\n" }
        }
        out += "\ndry run: nothing was sent to the API server.\n"
        return out
    }
}
