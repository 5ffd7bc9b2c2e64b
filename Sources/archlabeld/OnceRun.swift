import ArchLabelCore
import ArchLabelKube
import ArchLabelProbes
#if canImport(Glibc)
import Glibc
#endif

/// One probe → compute → publish cycle (`--once`), its dry run, and `--prune`.
struct OnceRun {
    let root: HostRoot
    let prefix: LabelPrefix
    let nodeNameFlag: String?
    let kubeconfigFlag: String?
    let environment: [String: String]

    init(rootPath: String, prefix: LabelPrefix, nodeNameFlag: String?, kubeconfigFlag: String?) throws(RunFailure) {
        do {
            root = try HostRoot(path: rootPath)
        } catch {
            throw RunFailure.unusableRoot(error)
        }
        self.prefix = prefix
        self.nodeNameFlag = nodeNameFlag
        self.kubeconfigFlag = kubeconfigFlag
        self.environment = ProcessEnvironment.variables()
    }

    private var annotationKey: String { OwnershipRecord.annotationKey(prefix: prefix) }

    private var node: Fact<String>? {
        NodeName.resolve(flag: nodeNameFlag, environment: environment, root: root)
    }

    private func computeLabels() -> (labels: LabelSet, warnings: [ProbeWarning]) {
        let facts = HostProber(root: root).probe()
        let labels = LabelSet(BuiltinLabelers.all(facts), prefix: prefix)
        return (labels, facts.warnings + labels.warnings)
    }

    private func discoverAccess() throws(RunFailure) -> ClusterAccess {
        do {
            let processRoot = try HostRoot(path: "/")
            let discovery = CredentialDiscovery(
                hostRoot: root, processRoot: processRoot, kubeconfigFlag: kubeconfigFlag, environment: environment)
            let access = try discovery.discover()
            if access.insecureSkipTLSVerify {
                warn("TLS verification of \(access.server) is off (insecure-skip-tls-verify in \(access.source))")
            }
            return access
        } catch let error as CredentialError {
            throw RunFailure.credentials(error)
        } catch {
            throw RunFailure.credentials(CredentialError("cannot open /: \(error)"))
        }
    }

    private func requireNodeName() throws(RunFailure) -> String {
        guard let name = node?.value else { throw RunFailure.noNodeName }
        return name
    }

    /// `--once`: publish the computed labels; returns the line to print.
    func publish() async throws(RunFailure) -> String {
        let name = try requireNodeName()
        let (labels, warnings) = computeLabels()
        for warning in warnings { warn(warning.description) }
        let outcome = try await write(desired: labels.dictionary, node: name)
        for conflict in outcome.plan.conflicts {
            warn("label \(conflict.key)=\(conflict.nodeValue) on node \(name) is not archlabeld's; "
                + "left alone (computed \(conflict.computedValue))")
        }
        return summary(outcome, node: name, verb: "published")
    }

    /// `--prune`: remove every managed label and the record.
    func prune() async throws(RunFailure) -> String {
        let name = try requireNodeName()
        return summary(try await write(desired: [:], node: name), node: name, verb: "pruned")
    }

    private func write(desired: [String: String], node name: String) async throws(RunFailure) -> Publisher.Outcome {
        let access = try discoverAccess()
        do {
            return try await NodeClient.withClient(access: access) { (client) throws(KubeError) in
                try await Publisher(client: client).publish(desired: desired, node: name, annotationKey: annotationKey)
            }
        } catch {
            throw RunFailure.api(error)
        }
    }

    private func summary(_ outcome: Publisher.Outcome, node: String, verb: String) -> String {
        let changes = outcome.plan.changes
        guard outcome.wrote else { return "node \(node): labels up to date, nothing sent" }
        return "node \(node): \(verb): \(changes.added.count) added, \(changes.changed.count) changed, "
            + "\(changes.removed.count) removed (resourceVersion \(outcome.node.resourceVersion))"
    }

    /// `--dry-run`: the labels, and the change against the live Node when it can be read.
    /// With `pruning`, the change is the one `--prune` would make.
    func dryRunReport(pruning: Bool) async -> DryRunReport {
        let (labels, warnings) = computeLabels()
        let node = self.node
        var report = DryRunReport(node: node, labels: labels, warnings: warnings)
        guard let name = node?.value else {
            report.apiNote = "no node name"
            return report
        }
        do {
            let access = try discoverAccess()
            let desired = pruning ? [:] : labels.dictionary
            report.comparison = try await NodeClient.withClient(access: access, requestTimeout: .seconds(10)) { (client) throws(KubeError) in
                var policy = Publisher.Policy()
                policy.transientRetries = 0
                let outcome = try await Publisher(client: client, policy: policy)
                    .publish(desired: desired, node: name, annotationKey: annotationKey, write: false)
                return DryRunReport.Comparison(server: access.server, identity: try client.identity(), plan: outcome.plan)
            }
        } catch let error as RunFailure {
            report.apiNote = error.description
        } catch {
            report.apiNote = "\(error)"
        }
        return report
    }
}

/// Writes one warning line to stderr.
func warn(_ message: String) {
    var line = "warning: " + message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
