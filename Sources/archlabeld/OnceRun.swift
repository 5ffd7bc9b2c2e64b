import ArchLabelCore
import ArchLabelProbes

/// One probe → compute cycle: facts from the root, labels from the facts, and (for now) the
/// dry-run report. Publishing will be the third step.
struct OnceRun {
    let root: HostRoot
    let prefix: LabelPrefix
    let nodeNameFlag: String?

    init(rootPath: String, prefix: LabelPrefix, nodeNameFlag: String?) throws(RunFailure) {
        do {
            root = try HostRoot(path: rootPath)
        } catch {
            throw RunFailure.unusableRoot(error)
        }
        self.prefix = prefix
        self.nodeNameFlag = nodeNameFlag
    }

    func dryRunReport() -> DryRunReport {
        let facts = HostProber(root: root).probe()
        let labels = LabelSet(BuiltinLabelers.all(facts), prefix: prefix)
        let node = NodeName.resolve(flag: nodeNameFlag, environment: ProcessEnvironment.variables(), root: root)
        return DryRunReport(node: node, labels: labels, warnings: facts.warnings + labels.warnings)
    }
}

/// Why a run could not do its work; each says what to do about it.
enum RunFailure: Error, CustomStringConvertible {
    case unusableRoot(HostRoot.Unusable)
    case notYetAvailable(String)

    var description: String {
        switch self {
        case .unusableRoot(let error):
            return "\(error); give --root an existing directory that holds the host's /proc, /sys and /etc"
        case .notYetAvailable(let what):
            return "\(what) is not available in this version yet; use --once --dry-run to see the labels"
        }
    }
}
