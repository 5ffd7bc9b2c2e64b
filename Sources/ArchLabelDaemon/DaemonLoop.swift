import ArchLabelCore
import ArchLabelKube
import ArchLabelSystemd
import Logging

/// The daemon's state and its reaction to each `DaemonEvent`. Used by one task only (the main
/// loop); timers and the watch run in their own tasks and talk back through `post`.
final class DaemonLoop {
    private let target: LabelDaemon.Target
    private let client: NodeClient
    private let settings: DaemonSettings
    private let post: AsyncStream<DaemonEvent>.Continuation
    private let notifier: SystemdNotifier
    private let logger: Logger

    private var facts: HostFacts
    /// The Node as last seen (read, patched or watched); nil when unknown or deleted.
    private var node: NodeLabelState?
    /// The newest resourceVersion seen, from which the watch resumes.
    private var resourceVersion: String?
    private var ready = false
    private var failures = 0
    private var watchGeneration = 0
    private var watchTask: Task<Void, Never>?
    private var retryTask: Task<Void, Never>?
    private var reportedConflicts: [LabelConflict] = []
    private var lastExpiry: ContinuousClock.Instant?
    private var watchStarted: ContinuousClock.Instant?

    init(
        target: LabelDaemon.Target, client: NodeClient, settings: DaemonSettings,
        post: AsyncStream<DaemonEvent>.Continuation, notifier: SystemdNotifier, logger: Logger
    ) {
        self.target = target
        self.client = client
        self.settings = settings
        self.post = post
        self.notifier = notifier
        var logger = logger
        logger[metadataKey: "node"] = .string(target.node)
        self.logger = logger
        self.facts = target.probe()
    }

    /// Announces the start.
    func start() async {
        logger.info("daemon started", metadata: ["event": "daemon.started"])
        notifier.notify(.status("starting: first cycle within \(settings.startJitter)"))
    }

    /// Cancels the watch and timers and tells systemd the service is stopping.
    func stop() async {
        notifier.notify(.stopping, .status("stopping"))
        logger.info("daemon stopping", metadata: ["event": "daemon.stopping"])
        watchTask?.cancel()
        retryTask?.cancel()
        post.finish()
        await watchTask?.value
    }

    /// Reacts to one event.
    func handle(_ event: DaemonEvent) async {
        switch event {
        case .reconcile:
            await reconcile()
        case .watch(let watchEvent, let generation):
            guard generation == watchGeneration else { return }
            await handleWatch(watchEvent)
        case .watchEnded(let error, let generation):
            guard generation == watchGeneration else { return }
            watchTask = nil
            if let error {
                if error.code == .cancelled { return }
                apiFailed(error, retry: .restartWatch)
            } else if let started = watchStarted, ContinuousClock.now - started < .seconds(1) {
                // A server that ends every watch at once would otherwise be hammered.
                schedule(.restartWatch, after: settings.backoff.delay(attempt: failures))
                failures += 1
            } else {
                startWatch()
            }
        case .restartWatch:
            if watchTask == nil { startWatch() }
        case .reprobe(let reason):
            await reprobe(reason)
        case .watchdog:
            notifier.notify(.watchdog)
        case .stop:
            break
        }
    }

    // MARK: cycles

    /// Lists the Node, applies the plan (re-listing after a 409, bounded) and makes sure the
    /// watch runs from the newest resourceVersion.
    private func reconcile() async {
        retryTask?.cancel()
        var conflicts = 0
        while true {
            do {
                let listing = try await client.list(target.node)
                resourceVersion = listing.resourceVersion
                if let state = listing.node {
                    try await apply(state, cause: .cycle)
                } else {
                    node = nil
                    notifier.notify(.status("waiting for Node \(target.node) to be registered"))
                    logger.notice("node not registered yet", metadata: ["event": "node.missing"])
                }
                failures = 0
                restartWatch()
                becomeReady()
                return
            } catch {
                if error.code == .conflict, conflicts < settings.conflictRetries {
                    conflicts += 1
                    continue
                }
                apiFailed(error, retry: .reconcile)
                becomeReady()
                return
            }
        }
    }

    private enum Cause {
        case cycle, drift, reprobe
    }

    /// Plans against `state` and patches when something differs. The resourceVersion the watch
    /// resumes from is not taken from `state`: a listed object's version can be older than the
    /// list's (and already compacted away); the patched object's version is the newest there is.
    private func apply(_ state: NodeLabelState, cause: Cause) async throws(KubeError) {
        node = state
        let plan = LabelPlan(desired: target.labels(facts, state), node: state, annotationKey: target.annotationKey)
        report(plan.conflicts)
        guard plan.needsWrite else {
            if cause != .drift {
                logger.info("labels unchanged", metadata: ["event": "labels.unchanged"])
                notifier.notify(.status("labels up to date: \(plan.managedKeys.count) labels on node \(target.node)"))
            }
            return
        }
        let after = try await client.patch(target.node, mergePatch: plan.mergePatch)
        node = after
        advance(to: after.resourceVersion)
        let event = cause == .drift ? "drift.repaired" : "labels.applied"
        logger.notice(
            cause == .drift ? "drift repaired" : "labels applied",
            metadata: ["event": .string(event), "changes": .string(plan.changes.json.serialized(indent: 0))])
        notifier.notify(.status("labels applied: \(plan.managedKeys.count) labels on node \(target.node)"))
    }

    private func handleWatch(_ event: NodeWatchEvent) async {
        switch event {
        case .added(let state), .modified(let state):
            advance(to: state.resourceVersion)
            do {
                try await apply(state, cause: .drift)
            } catch {
                if error.code == .conflict { await reconcile() } else { apiFailed(error, retry: .reconcile) }
            }
        case .deleted(let state):
            node = nil
            advance(to: state.resourceVersion)
            logger.notice("node deleted", metadata: ["event": "node.deleted"])
            notifier.notify(.status("Node \(target.node) was deleted; waiting for it to be registered again"))
        case .bookmark(let version):
            advance(to: version)
        case .expired:
            logger.info("watch expired; listing again", metadata: ["event": "watch.expired"])
            resourceVersion = nil
            watchTask?.cancel()
            watchTask = nil
            // A second expiry right after a fresh list would mean a server that keeps refusing
            // the list's own version: back off rather than spin.
            if let last = lastExpiry, ContinuousClock.now - last < .seconds(1) {
                lastExpiry = ContinuousClock.now
                schedule(.reconcile, after: settings.backoff.delay(attempt: failures))
                failures += 1
                return
            }
            lastExpiry = ContinuousClock.now
            await reconcile()
        }
    }

    private func reprobe(_ reason: DaemonEvent.ProbeReason) async {
        if reason == .reload { notifier.notify(.reloading, .status("reloading")) }
        facts = target.probe()
        if reason == .reload { logger.info("reloaded", metadata: ["event": "config.reloaded"]) }
        if let node {
            do {
                try await apply(node, cause: .reprobe)
            } catch {
                if error.code == .conflict { await reconcile() } else { apiFailed(error, retry: .reconcile) }
            }
        }
        if reason == .reload { notifier.notify(.ready) }
    }

    // MARK: the watch

    private func restartWatch() {
        watchTask?.cancel()
        watchTask = nil
        startWatch()
    }

    private func startWatch() {
        guard let from = resourceVersion else {
            post.yield(.reconcile)
            return
        }
        watchGeneration += 1
        watchStarted = ContinuousClock.now
        let generation = watchGeneration
        let timeout = settings.watchTimeout * Double.random(in: 1...2)
        let (client, node, post) = (self.client, target.node, self.post)
        watchTask = Task {
            do throws(KubeError) {
                try await client.watch(node, from: from, timeout: timeout) { event in
                    post.yield(.watch(event, generation: generation))
                }
                post.yield(.watchEnded(nil, generation: generation))
            } catch {
                post.yield(.watchEnded(error, generation: generation))
            }
        }
    }

    /// Keeps the newest resourceVersion (they are opaque; a later event's replaces an earlier one).
    private func advance(to version: String) {
        resourceVersion = version
    }

    // MARK: failures and readiness

    private func apiFailed(_ error: KubeError, retry: DaemonEvent) {
        let retryAfter = error.retryAfter.map { min($0, settings.maximumRetryAfter) }
        let delay = settings.backoff.delay(attempt: failures, retryAfter: retryAfter)
        failures += 1
        var metadata: Logger.Metadata = ["event": "api.error", "error": .string(error.message)]
        if let status = error.httpStatus { metadata["status"] = .stringConvertible(status) }
        logger.warning("API request failed; retrying", metadata: metadata)
        notifier.notify(.status("waiting for API: \(error.message)"))
        schedule(retry, after: delay)
    }

    /// Posts `event` after `delay`, replacing any retry already waiting.
    private func schedule(_ event: DaemonEvent, after delay: Duration) {
        retryTask?.cancel()
        let post = self.post
        retryTask = Task {
            do {
                try await Task.sleep(for: delay)
                post.yield(event)
            } catch {}
        }
    }

    private func becomeReady() {
        guard !ready else { return }
        ready = true
        notifier.notify(.ready)
    }

    /// Logs labels left alone because someone else set them, once per change of that set.
    private func report(_ conflicts: [LabelConflict]) {
        guard conflicts != reportedConflicts else { return }
        reportedConflicts = conflicts
        for conflict in conflicts {
            logger.warning(
                "label set by someone else left alone",
                metadata: ["event": "labels.conflict", "key": .string(conflict.key),
                           "value": .string(conflict.nodeValue), "computed": .string(conflict.computedValue)])
        }
    }
}
