import ArchLabelCore
import ArchLabelKube
import ArchLabelSystemd
import Logging
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
        /// The labels (full key → value) for the facts and, when known, the Node as read.
        public var labels: @Sendable (HostFacts, NodeLabelState?) -> [String: String]

        /// Creates a target.
        public init(
            node: String, annotationKey: String, probe: @escaping @Sendable () -> HostFacts,
            labels: @escaping @Sendable (HostFacts, NodeLabelState?) -> [String: String]
        ) {
            self.node = node
            self.annotationKey = annotationKey
            self.probe = probe
            self.labels = labels
        }
    }

    let target: Target
    let access: ClusterAccess
    let settings: DaemonSettings
    let reloads: AsyncStream<Void>
    let notifier: SystemdNotifier
    let logger: Logger

    /// Creates the service. `reloads` yields once per reload request (SIGHUP).
    public init(
        target: Target, access: ClusterAccess, settings: DaemonSettings = DaemonSettings(),
        reloads: AsyncStream<Void>, notifier: SystemdNotifier = SystemdNotifier(), logger: Logger
    ) {
        self.target = target
        self.access = access
        self.settings = settings
        self.reloads = reloads
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        let (events, post) = AsyncStream.makeStream(of: DaemonEvent.self)
        let httpClient = NodeClient.makeHTTPClient()
        let client = NodeClient(
            access: access, httpClient: httpClient,
            requestTimeout: .nanoseconds(Int64(settings.requestTimeout.components.seconds) * 1_000_000_000))
        let loop = DaemonLoop(target: target, client: client, settings: settings, post: post, notifier: notifier, logger: logger)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                let settings = self.settings
                group.addTask {
                    try? await Task.sleep(for: settings.startJitter * Double.random(in: 0...1))
                    post.yield(.reconcile)
                }
                group.addTask { await every(settings.reprobeInterval) { post.yield(.reprobe(.timer)) } }
                if let interval = settings.watchdogInterval {
                    group.addTask { await every(interval) { post.yield(.watchdog) } }
                }
                group.addTask { [reloads] in
                    for await _ in reloads { post.yield(.reprobe(.reload)) }
                }
                await loop.start()
                for await event in events {
                    if case .stop = event { break }
                    await loop.handle(event)
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            post.yield(.stop)
        }
        await loop.stop()
        try? await httpClient.shutdown()
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
