import ArchLabelCore
import ArchLabelKube
import ArchLabelSystemd
import Logging
import NIOCore
import ServiceLifecycle

/// archlabeld as a long-lived service: a first probe-and-publish cycle after a short random
/// delay, then a watch on its own Node that repairs drift within seconds, a periodic re-probe,
/// reloads on request, and backoff on every API failure — it never exits because of the API.
/// It tells systemd how it is doing (`READY=1` after the first cycle whatever its outcome,
/// `STATUS=`, `WATCHDOG=1` from the live loop, `RELOADING=1`, `STOPPING=1`).
public struct LabelDaemon: Service {
    /// What the daemon labels and how it computes the labels.
    public struct Target: Sendable {
        /// The Node's name.
        public var node: String
        /// The ownership record's annotation.
        public var annotationKey: String
        /// Probes the host (again).
        public var probe: @Sendable () -> HostFacts
        /// Reads the USB and PCI devices alone (hotplug).
        public var probeDevices: @Sendable () -> DeviceFacts
        /// The labels (full key → value) for the facts and, when known, the Node as read.
        public var labels: @Sendable (HostFacts, NodeLabelState?) -> [String: String]
        /// Whether computed labels may replace values someone else set (`overwriteForeignLabels`),
        /// asked on every plan since a reload may change it.
        public var overwriteForeignLabels: @Sendable () -> Bool
        /// Re-reads what is reloadable (the configuration file) on SIGHUP; returns why the new
        /// configuration was refused, nil when it is in force.
        public var reload: @Sendable () -> String?

        /// Creates a target.
        public init(
            node: String, annotationKey: String, probe: @escaping @Sendable () -> HostFacts,
            probeDevices: @escaping @Sendable () -> DeviceFacts = { DeviceFacts() },
            labels: @escaping @Sendable (HostFacts, NodeLabelState?) -> [String: String],
            overwriteForeignLabels: @escaping @Sendable () -> Bool = { false },
            reload: @escaping @Sendable () -> String? = { nil }
        ) {
            self.node = node
            self.annotationKey = annotationKey
            self.probe = probe
            self.probeDevices = probeDevices
            self.labels = labels
            self.overwriteForeignLabels = overwriteForeignLabels
            self.reload = reload
        }
    }

    let target: Target
    let access: ClusterAccess
    let settings: DaemonSettings
    let devices: DeviceWatch
    let reloads: AsyncStream<Void>
    let notifier: SystemdNotifier
    let logger: Logger

    /// Creates the service. `reloads` yields once per reload request (SIGHUP); `devices` says how
    /// device changes are noticed.
    public init(
        target: Target, access: ClusterAccess, settings: DaemonSettings = DaemonSettings(),
        devices: DeviceWatch = .rescan(interval: { .seconds(30) }, reason: "no uevent source given"),
        reloads: AsyncStream<Void>, notifier: SystemdNotifier = SystemdNotifier(), logger: Logger
    ) {
        self.target = target
        self.access = access
        self.settings = settings
        self.devices = devices
        self.reloads = reloads
        self.notifier = notifier
        self.logger = logger
    }

    /// Runs until graceful shutdown (SIGTERM, SIGINT through the ServiceGroup): then says
    /// `STOPPING=1` at once, cancels the request in flight and the watch, and returns.
    public func run() async throws {
        let (events, post) = AsyncStream.makeStream(of: DaemonEvent.self)
        let httpClient = NodeClient.makeHTTPClient()
        let client = NodeClient(access: access, httpClient: httpClient, requestTimeout: TimeAmount(settings.requestTimeout))
        let rescans = RescanRequests()
        let loop = DaemonLoop(
            target: target, client: client, settings: settings, devices: devices, rescans: rescans, post: post,
            notifier: notifier, logger: logger)
        let main = Task { await loop.run(events) }
        let (settings, reloads, notifier, devices) = (self.settings, self.reloads, self.notifier, self.devices)
        var watchMetadata: Logger.Metadata = ["event": "devices.watch", "mode": .string(devices.mode), "reason": .string(devices.reason)]
        if let interval = devices.rescanInterval { watchMetadata["interval"] = .string(DeviceWatch.describe(interval())) }
        logger.info("how devices are followed", metadata: watchMetadata)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    try? await Task.sleep(for: settings.startJitter * Double.random(in: 0...1))
                    post.yield(.reconcile)
                }
                group.addTask { await every(settings.reprobeInterval) { post.yield(.reprobe(.timer)) } }
                if let interval = settings.watchdogInterval {
                    group.addTask { await every(interval) { post.yield(.watchdog) } }
                }
                group.addTask {
                    for await _ in reloads { post.yield(.reprobe(.reload)) }
                }
                if let uevents = devices.uevents {
                    group.addTask {
                        for await _ in uevents {
                            try? await Task.sleep(for: settings.deviceDebounce)
                            if rescans.request() { post.yield(.rescanDevices) }
                        }
                    }
                }
                if let interval = devices.rescanInterval {
                    group.addTask {
                        while !Task.isCancelled {
                            guard (try? await Task.sleep(for: interval())) != nil else { return }
                            if rescans.request() { post.yield(.rescanDevices) }
                        }
                    }
                }
                await main.value
                group.cancelAll()
            }
        } onGracefulShutdown: {
            notifier.notify(.stopping, .status("stopping"))
            main.cancel()
        }
        await loop.stop()
        post.finish()
        try? await httpClient.shutdown()
    }
}

extension TimeAmount {
    /// The same span as `duration`, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Calls `action` every `interval` until cancelled.
private func every(_ interval: Duration, _ action: () -> Void) async {
    while !Task.isCancelled {
        do {
            try await Task.sleep(for: interval)
        } catch {
            return
        }
        action()
    }
}
