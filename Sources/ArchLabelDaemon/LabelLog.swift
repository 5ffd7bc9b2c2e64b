import ArchLabelCore
import Logging

/// The log entries of publishing, shared by `--once` and the daemon so that both leave the same
/// history: constant messages, the data in `ARCHLABELD_*` fields.
public enum LabelLog {
    /// Why labels were written.
    public enum Cause: String, Sendable {
        /// A cycle (start, re-probe, reload, `--once`).
        case applied = "labels.applied"
        /// Someone changed a managed label; it was put back.
        case repaired = "drift.repaired"
    }

    /// One entry for an applied change, with `ARCHLABELD_CHANGES`.
    public static func written(_ changes: LabelChanges, cause: Cause, logger: Logger) {
        logger.notice(
            cause == .applied ? "labels applied" : "drift repaired",
            metadata: ["event": .string(cause.rawValue), "changes": .string(changes.json.serialized(indent: 0))])
    }

    /// One entry per foreign value replaced because `overwriteForeignLabels` is set.
    public static func overwritten(_ labels: [LabelConflict], logger: Logger) {
        for label in labels {
            logger.notice(
                "label set by someone else overwritten",
                metadata: ["event": "labels.overwritten", "key": .string(label.key),
                           "value": .string(label.nodeValue), "computed": .string(label.computedValue)])
        }
    }

    /// One entry per label left alone because someone else set its key.
    public static func conflicts(_ conflicts: [LabelConflict], logger: Logger) {
        for conflict in conflicts {
            logger.warning(
                "label set by someone else left alone",
                metadata: ["event": "labels.conflict", "key": .string(conflict.key),
                           "value": .string(conflict.nodeValue), "computed": .string(conflict.computedValue)])
        }
    }
}
