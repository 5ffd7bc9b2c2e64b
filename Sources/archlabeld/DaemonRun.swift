import ArchLabelCore
import ArchLabelDaemon
import ArchLabelKube
import ArchLabelProbes
import ArchLabelSystemd
import Logging
import ServiceLifecycle
import UnixSignals
#if canImport(Glibc)
import Glibc
#endif

/// The daemon (no `--once`, no `--prune`): the `LabelDaemon` service in a ServiceGroup that
/// shuts it down gracefully on SIGTERM and SIGINT, with SIGHUP turned into reload requests.
extension Runner {
    func runDaemon() async throws(RunFailure) {
        let name = try requireNodeName()
        let access = try discoverAccess()
        var settings = DaemonSettings()
        settings.watchdogInterval = DaemonSettings.watchdogInterval(environment: environment, pid: getpid())
        settings.reprobeInterval = configuration.interval
        let (root, prefix) = (self.root, self.prefix)
        let live = LiveConfiguration(configuration, flag: configFlag, root: root, logger: logger)
        let target = LabelDaemon.Target(
            node: name, annotationKey: OwnershipRecord.annotationKey(prefix: prefix),
            probe: { HostProber(root: root).probe() },
            labels: { facts, node in
                let computed = Runner.labels(facts, node: node, prefix: prefix, configuration: live.value, root: root)
                live.report(computed.labels.warnings + computed.warnings)
                return computed.labels.dictionary
            },
            overwriteForeignLabels: { live.value.overwriteForeignLabels },
            reload: { live.reload() })
        let (reloads, requestReload) = AsyncStream.makeStream(of: Void.self)
        let daemon = LabelDaemon(target: target, access: access, settings: settings, reloads: reloads, logger: logger)
        // Trap SIGHUP before anything else runs: an untrapped SIGHUP would end the process.
        let hangupSignals = await UnixSignalsSequence(trapping: .sighup)
        let hangups = Task {
            for await _ in hangupSignals { requestReload.yield() }
        }
        defer { hangups.cancel() }
        var groupLogger = logger
        groupLogger[metadataKey: "event"] = "service.lifecycle"
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: daemon)], gracefulShutdownSignals: [.sigterm, .sigint], logger: groupLogger))
        do {
            try await group.run()
        } catch {
            throw RunFailure.daemon(error)
        }
    }
}
