/// The pure reconciliation step: from the labels archlabeld wants and the live Node, decide
/// which managed keys to add, change and remove, and build the one merge patch that does it.
///
/// Rules (labels.md, Ownership):
/// - A key on the Node that is not in the ownership record is foreign: never changed or removed.
///   If it holds a different value than computed, that is a conflict, reported; if it holds the
///   same value, nothing is written and the key is not claimed.
/// - A managed key that is no longer computed is removed (if still on the Node) and dropped
///   from the record.
/// - A managed key whose value differs (someone changed it) is put back: it is archlabeld's.
/// - With `overwriteForeign` (the configuration's `overwriteForeignLabels`), a foreign key with a
///   different value is overwritten and claimed instead of reported; foreign keys archlabeld does
///   not compute are still never touched.
public struct LabelPlan: Sendable, Equatable {
    /// The label changes to make.
    public let changes: LabelChanges
    /// Computed labels left alone because someone else owns the key.
    public let conflicts: [LabelConflict]
    /// Foreign values replaced and claimed because `overwriteForeign` was set; reported, since
    /// a claimed key is later removed like any managed key when it is no longer computed.
    public let overwritten: [LabelConflict]
    /// The ownership record after the patch.
    public let managedKeys: Set<String>
    /// The annotation that holds the record.
    public let annotationKey: String
    /// True when the record's annotation must be rewritten.
    public let ownershipChanged: Bool
    /// The precondition for the patch.
    public let resourceVersion: String

    /// Plans the change from `node` to the `desired` labels (full key → value).
    public init(desired: [String: String], node: NodeLabelState, annotationKey: String, overwriteForeign: Bool = false) {
        let previouslyManaged = OwnershipRecord.keys(in: node.annotations[annotationKey])
        var changes = LabelChanges()
        var conflicts: [LabelConflict] = []
        var overwritten: [LabelConflict] = []
        var managed = Set<String>()
        for (key, value) in desired {
            switch (node.labels[key], previouslyManaged.contains(key)) {
            case (nil, _):
                changes.added[key] = value
                managed.insert(key)
            case (let current?, true):
                if current != value { changes.changed[key] = .init(from: current, to: value) }
                managed.insert(key)
            case (let current?, false):
                if current != value {
                    if overwriteForeign {
                        changes.changed[key] = .init(from: current, to: value)
                        managed.insert(key)
                        overwritten.append(LabelConflict(key: key, nodeValue: current, computedValue: value))
                    } else {
                        conflicts.append(LabelConflict(key: key, nodeValue: current, computedValue: value))
                    }
                }
            }
        }
        for key in previouslyManaged where desired[key] == nil {
            if let old = node.labels[key] { changes.removed[key] = old }
        }
        self.changes = changes
        self.conflicts = conflicts.sorted { $0.key < $1.key }
        self.overwritten = overwritten.sorted { $0.key < $1.key }
        self.managedKeys = managed
        self.annotationKey = annotationKey
        self.ownershipChanged = OwnershipRecord.value(for: managed) != node.annotations[annotationKey]
        self.resourceVersion = node.resourceVersion
    }

    /// True when the Node must be patched; false means "send nothing".
    public var needsWrite: Bool { !changes.isEmpty || ownershipChanged }

    /// The JSON merge patch (RFC 7386) that applies the plan: only managed keys and the record,
    /// with `metadata.resourceVersion` as the optimistic-concurrency precondition.
    public var mergePatch: JSONValue {
        var labels: [String: JSONValue] = [:]
        for (key, value) in changes.added { labels[key] = .string(value) }
        for (key, change) in changes.changed { labels[key] = .string(change.to) }
        for key in changes.removed.keys { labels[key] = .null }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(resourceVersion)]
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if ownershipChanged {
            metadata["annotations"] = .object([annotationKey: OwnershipRecord.value(for: managedKeys).map(JSONValue.string) ?? .null])
        }
        return .object(["metadata": .object(metadata)])
    }
}
