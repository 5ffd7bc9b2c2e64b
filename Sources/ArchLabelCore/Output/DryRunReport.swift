/// What `--once --dry-run` shows: the node, every label with its value and evidence, and what
/// could not be probed. Renders as a table for people or as the JSON document of the behaviour
/// contract (`node`, `labels`, `evidence`, `changes`, `patch`, plus `warnings`, `conflicts`
/// and `api`).
public struct DryRunReport: Sendable {
    /// The comparison with the live Node, when the API server was reachable.
    public struct Comparison: Sendable {
        /// The API server's URL.
        public var server: String
        /// The identity the credentials carry.
        public var identity: String
        /// What publishing would do.
        public var plan: LabelPlan

        /// Creates a comparison.
        public init(server: String, identity: String, plan: LabelPlan) {
            self.server = server
            self.identity = identity
            self.plan = plan
        }
    }

    /// The node's name and where it came from.
    public var node: Fact<String>?
    /// The labels that would be published.
    public var labels: LabelSet
    /// What could not be probed.
    public var warnings: [ProbeWarning]
    /// The change against the live Node, or nil.
    public var comparison: Comparison?
    /// Why there is no comparison (no credentials, API unreachable, …), when there is none.
    public var apiNote: String?

    /// Creates a report; `comparison` or `apiNote` tell what the live Node says.
    public init(node: Fact<String>?, labels: LabelSet, warnings: [ProbeWarning], comparison: Comparison? = nil, apiNote: String? = nil) {
        self.node = node
        self.labels = labels
        self.warnings = warnings
        self.comparison = comparison
        self.apiNote = apiNote
    }

    /// The JSON document. `changes` and `patch` are null when the live Node could not be read;
    /// `patch` is also null when nothing differs.
    public var json: JSONValue {
        let plan = comparison?.plan
        var api: [String: JSONValue] = ["reachable": .bool(comparison != nil)]
        if let comparison {
            api["server"] = .string(comparison.server)
            api["identity"] = .string(comparison.identity)
        }
        if let apiNote { api["note"] = .string(apiNote) }
        // Built in typed steps: one literal with every closure inline is more than Swift 6.2's
        // type checker solves in reasonable time (6.3 manages).
        var values: [String: JSONValue] = [:]
        var evidence: [String: JSONValue] = [:]
        for entry in labels.entries {
            values[entry.key] = .string(entry.value)
            evidence[entry.key] = .string(entry.evidence.map(\.description).joined(separator: "; "))
        }
        let conflicts: [JSONValue] = (plan?.conflicts ?? []).map { conflict in
            .object(["key": .string(conflict.key), "node": .string(conflict.nodeValue), "computed": .string(conflict.computedValue)])
        }
        let patch: JSONValue? = plan.flatMap { $0.needsWrite ? $0.mergePatch : nil }
        return .object([
            "node": node.map { .string($0.value) } ?? .null,
            "labels": .object(values),
            "evidence": .object(evidence),
            "changes": plan?.changes.json ?? .null,
            "patch": patch ?? .null,
            "conflicts": .array(conflicts),
            "api": .object(api),
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
        out += "\n" + liveText
        out += "\ndry run: nothing was sent to the API server.\n"
        return out
    }

    /// The comparison with the live Node, as lines for people.
    private var liveText: String {
        guard let comparison, let node else {
            return "live Node: not compared (\(apiNote ?? "no node name"))\n"
        }
        let plan = comparison.plan
        var out = "live Node \(node.value) on \(comparison.server) as \(comparison.identity):\n"
        for (key, value) in plan.changes.added.sorted(by: { $0.key < $1.key }) { out += "  + \(key)=\(value)\n" }
        for (key, change) in plan.changes.changed.sorted(by: { $0.key < $1.key }) {
            out += "  ~ \(key)=\(change.from) -> \(change.to)\n"
        }
        for (key, value) in plan.changes.removed.sorted(by: { $0.key < $1.key }) { out += "  - \(key) (was \(value))\n" }
        for conflict in plan.conflicts {
            out += "  ! \(conflict.key)=\(conflict.nodeValue) is not archlabeld's; it stays (computed \(conflict.computedValue))\n"
        }
        if plan.needsWrite {
            out += "patch (application/merge-patch+json): \(plan.mergePatch.serialized(indent: 0))\n"
        } else {
            out += "  no changes: nothing would be sent\n"
        }
        return out
    }
}
