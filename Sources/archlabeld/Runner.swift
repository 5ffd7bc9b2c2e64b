import ArchLabelConfig
import ArchLabelCore
import ArchLabelDaemon
import ArchLabelKube
import ArchLabelProbes
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The work of one invocation: a probe → compute → publish cycle (`--once`), its dry run,
/// `--prune`, and the daemon (DaemonRun.swift), over one host root and one set of options.
struct Runner {
    let root: HostRoot
    let configuration: Configuration
    /// `--config`, for reloads.
    let configFlag: String?
    /// The label prefix in force: `--label-prefix`, else the configuration's.
    let prefix: LabelPrefix
    /// `--node-name`, else the configuration's `nodeName`; discovery follows when neither is set.
    let nodeNameFlag: String?
    /// `--kubeconfig`, else the configuration's `kubeconfig`.
    let kubeconfigFlag: String?
    let environment: [String: String]
    let logger: Logger

    init(
        rootPath: String, configFlag: String?, prefixFlag: LabelPrefix?, nodeNameFlag: String?, kubeconfigFlag: String?,
        environment: [String: String], logger: Logger, recorder: ReadRecorder? = nil
    ) throws(RunFailure) {
        do {
            root = try HostRoot(path: rootPath, recorder: recorder)
        } catch {
            throw RunFailure.unusableRoot(error)
        }
        configuration = try ConfigurationLoader.load(flag: configFlag, root: root)
        self.configFlag = configFlag
        self.prefix = prefixFlag ?? configuration.labelPrefix
        self.nodeNameFlag = nodeNameFlag ?? configuration.nodeName
        self.kubeconfigFlag = kubeconfigFlag ?? configuration.kubeconfig
        self.environment = environment
        self.logger = logger
    }

    private var annotationKey: String { OwnershipRecord.annotationKey(prefix: prefix) }

    private var node: Fact<String>? {
        NodeName.resolve(flag: nodeNameFlag, environment: environment, root: root)
    }

    private func labels(_ facts: HostFacts, node: NodeLabelState? = nil) -> LabelSet {
        Runner.labels(facts, node: node, prefix: prefix, configuration: configuration, root: root).labels
    }

    /// The labels to publish for `facts` (completed by what only the Node knows): the built-in
    /// ones that are not disabled, the configuration's, and the drop-in directory's, with the
    /// warnings of rules and drop-in files.
    static func labels(
        _ facts: HostFacts, node: NodeLabelState?, prefix: LabelPrefix, configuration: Configuration, root: HostRoot
    ) -> (labels: LabelSet, warnings: [ProbeWarning]) {
        let builtin = BuiltinLabelers.all(
            facts.completed(withNodeRuntimeVersion: node?.containerRuntimeVersion), devices: configuration.devices)
        let dropIns = DropInDirectory.read(configuration.dropInDirectory, root: root, prefix: prefix, now: Int64(time(nil)))
        let (labels, warnings) = LabelComposer.compose(
            builtin: builtin, configuration: configuration, dropIns: dropIns.labels, prefix: prefix)
        return (labels, warnings + dropIns.warnings)
    }

    func discoverAccess() throws(RunFailure) -> ClusterAccess {
        do {
            let processRoot = try HostRoot(path: "/")
            let discovery = CredentialDiscovery(
                hostRoot: root, processRoot: processRoot, kubeconfigFlag: kubeconfigFlag, environment: environment)
            let access = try discovery.discover()
            if access.insecureSkipTLSVerify {
                logger.warning(
                    "TLS verification of the API server is off, as the kubeconfig asks (insecure-skip-tls-verify)",
                    metadata: ["event": "tls.insecure", "server": .string(access.server), "source": .string(access.source)])
            }
            return access
        } catch let error as CredentialError {
            throw RunFailure.credentials(error)
        } catch {
            throw RunFailure.credentials(CredentialError("cannot open /: \(error)"))
        }
    }

    func requireNodeName() throws(RunFailure) -> String {
        guard let name = node?.value else { throw RunFailure.noNodeName }
        return name
    }

    /// `--once`: publish the computed labels; returns the line to print.
    func publish() async throws(RunFailure) -> String {
        let name = try requireNodeName()
        let facts = HostProber(root: root).probe()
        let computed = Runner.labels(facts, node: nil, prefix: prefix, configuration: configuration, root: root)
        for warning in facts.allWarnings + computed.labels.warnings + computed.warnings {
            logger.warning("probe warning", metadata: ["event": "probe.warning", "detail": .string(warning.description)])
        }
        let outcome = try await write(node: name) { labels(facts, node: $0).dictionary }
        var logger = self.logger
        logger[metadataKey: "node"] = .string(name)
        LabelLog.conflicts(outcome.plan.conflicts, logger: logger)
        if outcome.wrote {
            LabelLog.overwritten(outcome.plan.overwritten, logger: logger)
            LabelLog.written(outcome.plan.changes, cause: .applied, logger: logger)
        } else {
            logger.info("labels unchanged", metadata: ["event": "labels.unchanged"])
        }
        return summary(outcome, node: name, verb: "published")
    }

    /// `--prune`: remove every managed label and the record. A Node that does not exist has
    /// nothing to prune (uninstalling from a node that left the cluster must not fail or wait).
    func prune() async throws(RunFailure) -> String {
        let name = try requireNodeName()
        var policy = Publisher.Policy()
        policy.registrationWait = .zero
        do {
            return summary(try await write(node: name, policy: policy) { _ in [:] }, node: name, verb: "pruned")
        } catch RunFailure.api(let error) where error.code == .nodeNotFound {
            return "node \(name): not registered with the API server; nothing to prune"
        }
    }

    private func write(
        node name: String, policy: Publisher.Policy = Publisher.Policy(),
        desired: @escaping @Sendable (NodeLabelState) -> [String: String]
    ) async throws(RunFailure) -> Publisher.Outcome {
        let access = try discoverAccess()
        do {
            return try await NodeClient.withClient(access: access) { (client) throws(KubeError) in
                try await Publisher(client: client, policy: policy).publish(
                    node: name, annotationKey: annotationKey, overwriteForeign: configuration.overwriteForeignLabels, desired: desired)
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

    /// `--capture PATH`: probe and compute the labels as a dry run would, through a root that
    /// records every read (the configuration was read through it too), then write what was read,
    /// with the manifest, into PATH. Never contacts the API. Returns the line to print.
    func capture(to path: String, commandLine: [String], version: String) throws(RunFailure) -> String {
        let prober = HostProber(root: root)
        let facts = prober.probe()
        let labels = Runner.labels(facts, node: nil, prefix: prefix, configuration: configuration, root: root).labels
        let tree = CaptureTree(root.recorder?.observations ?? ReadRecorder.Observations())
        let now = Int64(time(nil))
        let manifest = CaptureManifest(
            archlabeldVersion: version, time: utcTimestamp(now), commandLine: commandLine, root: root.path, live: prober.live,
            leftOut: Dictionary(tree.leftOut.map { ($0.path, $0.reason) }, uniquingKeysWith: { first, _ in first }))
        let destination = path == "-" ? path : HostRoot.absolute(path)
        do throws(CaptureWriter.Failure) {
            try CaptureWriter.write(tree, manifest: Array((manifest.json.serialized() + "\n").utf8), to: destination, time: Int(now))
        } catch {
            throw RunFailure.capture(error)
        }
        var counts = (files: 0, directories: 0, links: 0)
        for entry in tree.entries {
            switch entry {
            case .file: counts.files += 1
            case .directory: counts.directories += 1
            case .link: counts.links += 1
            }
        }
        var line = "captured \(counts.files) files, \(counts.directories) directories and \(counts.links) links "
            + "(\(labels.entries.count) labels) into \(destination == "-" ? "standard output" : destination)"
        if !tree.leftOut.isEmpty {
            line += "; left out: " + tree.leftOut.map { "\($0.path) (\($0.reason))" }.joined(separator: ", ")
        }
        return line
    }

    /// `--dry-run`: the labels, and the change against the live Node when it can be read.
    /// With `pruning`, the change is the one `--prune` would make.
    func dryRunReport(pruning: Bool) async -> DryRunReport {
        let facts = HostProber(root: root).probe()
        let computed = Runner.labels(facts, node: nil, prefix: prefix, configuration: configuration, root: root)
        let node = self.node
        var report = DryRunReport(
            node: node, labels: computed.labels, warnings: facts.allWarnings + computed.labels.warnings + computed.warnings)
        guard let name = node?.value else {
            report.apiNote = "no node name"
            return report
        }
        do {
            let access = try discoverAccess()
            let (comparison, live) = try await NodeClient.withClient(access: access, requestTimeout: .seconds(10)) {
                (client) throws(KubeError) in
                var policy = Publisher.Policy()
                policy.transientRetries = 0
                let outcome = try await Publisher(client: client, policy: policy)
                    .publish(node: name, annotationKey: annotationKey, write: false, overwriteForeign: configuration.overwriteForeignLabels) {
                        pruning ? [:] : labels(facts, node: $0).dictionary
                    }
                let comparison = DryRunReport.Comparison(server: access.server, identity: try client.identity(), plan: outcome.plan)
                return (comparison, outcome.node)
            }
            report.comparison = comparison
            report.labels = labels(facts, node: live)
        } catch let error as RunFailure {
            report.apiNote = error.description
        } catch {
            report.apiNote = "\(error)"
        }
        return report
    }
}
