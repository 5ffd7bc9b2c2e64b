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
            probeDevices: { HostProber(root: root, live: LiveFacts.none).probeDevices() },
            labels: { facts, node in
                let computed = Runner.labels(facts, node: node, prefix: prefix, configuration: live.value, root: root)
                live.report(computed.labels.warnings + computed.warnings)
                return computed.labels.dictionary
            },
            overwriteForeignLabels: { live.value.overwriteForeignLabels },
            reload: { live.reload() })
        let (reloads, requestReload) = AsyncStream.makeStream(of: Void.self)
        let (devices, monitor) = deviceWatch(live)
        let daemon = LabelDaemon(
            target: target, access: access, settings: settings, devices: devices, reloads: reloads, logger: logger)
        // Trap SIGHUP before anything else runs: an untrapped SIGHUP would end the process.
        let hangupSignals = await UnixSignalsSequence(trapping: .sighup)
        let hangups = Task {
            for await _ in hangupSignals { requestReload.yield() }
        }
        defer { hangups.cancel() }
        var groupLogger = logger
        groupLogger[metadataKey: "event"] = "service.lifecycle"
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: (monitor.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? []) + [.init(service: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: groupLogger))
        do {
            try await group.run()
        } catch {
            throw RunFailure.daemon(error)
        }
    }
}

extension Runner {
    /// How devices are followed. A root of `/`: kernel uevents. A root that is the running
    /// system seen from elsewhere (same boot id: the DaemonSet's `/host`): uevents, which reach
    /// every network namespace owned by the initial user namespace, with periodic rescans in case
    /// this one is not. Another root (a capture), or no uevent socket: periodic rescans only.
    func deviceWatch(_ live: LiveConfiguration) -> (DeviceWatch, UeventMonitor?) {
        let interval: @Sendable () -> Duration = { live.value.deviceRescanInterval }
        let running = root.isLiveHost || RunningSystem.isRunning(root)
        guard running else {
            return (.rescan(interval: interval, reason: "--root \(root.path) is not this machine's running system (another boot id, or none)"), nil)
        }
        let monitor: UeventMonitor
        do {
            monitor = UeventMonitor(socket: try UeventSocket(), logger: logger)
        } catch {
            return (.rescan(interval: interval, reason: error.description), nil)
        }
        if root.isLiveHost { return (.uevents(monitor.events), monitor) }
        return (.ueventsAndRescan(monitor.events, interval: interval,
                                  reason: "--root \(root.path) is this machine (same boot id); rescans in case uevents do not reach this network namespace"),
                monitor)
    }
}
