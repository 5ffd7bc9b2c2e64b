import ArchLabelCore
import ArchLabelKube
import ArchLabelSystemd
import Logging

/// The daemon's state and its reaction to each `DaemonEvent`: cycles, drift repair, re-probes,
/// failures and readiness. Only the main loop calls it; timers and the watch run in their own
/// tasks and talk back through `post`. The watch's supervision is in DaemonLoop+Watch.swift.
actor DaemonLoop {
    let target: LabelDaemon.Target
    let client: NodeClient
    let settings: DaemonSettings
    /// How devices are followed: its mode is appended to healthy `STATUS=` lines.
    let devices: DeviceWatch
    let rescans: RescanRequests
    let post: AsyncStream<DaemonEvent>.Continuation
    let notifier: SystemdNotifier
    let logger: Logger

    var facts: HostFacts
    /// The Node as last seen (read, patched or watched); nil when unknown or deleted.
    var node: NodeLabelState?
    /// The newest resourceVersion seen (patch, watch events, bookmarks): the watch resumes from
    /// it; nil makes the next watch start from now.
    var resourceVersion: String?
    var failures = 0
    var retry = RetrySlot()
    var watch = WatchState()
    private var ready = false
    private var healthyStatus = "starting"
    private var showingFailure = false
    private var reportedConflicts: [LabelConflict] = []
    private var lastPing = ContinuousClock.now
    /// Drift repairs less than 10 s apart, in a row: another writer fighting us.
    private var contestedRepairs = 0
    private var lastRepair: ContinuousClock.Instant?

    init(
        target: LabelDaemon.Target, client: NodeClient, settings: DaemonSettings, devices: DeviceWatch,
        rescans: RescanRequests, post: AsyncStream<DaemonEvent>.Continuation, notifier: SystemdNotifier, logger: Logger
    ) {
        self.target = target
        self.client = client
        self.settings = settings
        self.devices = devices
        self.rescans = rescans
        self.post = post
        self.notifier = notifier
        var logger = logger
        logger[metadataKey: "node"] = .string(target.node)
        self.logger = logger
        self.facts = target.probe()
    }

    /// Handles events until the stream ends or the task is cancelled (graceful shutdown).
    func run(_ events: AsyncStream<DaemonEvent>) async {
        logger.info("daemon started", metadata: ["event": "daemon.started"])
        notifier.notify(.status("starting: first cycle within \(settings.startJitter)"))
        for await event in events {
            if Task.isCancelled { break }
            await handle(event)
        }
    }

    /// Cancels the watch and the pending retry.
    func stop() async {
        logger.info("daemon stopping", metadata: ["event": "daemon.stopping"])
        retry.cancel()
        await stopWatch()
    }

    private func handle(_ event: DaemonEvent) async {
        switch event {
        case .reconcile: await reconcile()
        case .watch(let watchEvent, let generation): await handleWatch(watchEvent, generation: generation)
        case .watchEnded(let error, let generation): await watchEnded(error, generation: generation)
        case .restartWatch: if !watch.isRunning { startWatch() }
        case .reprobe(let reason): await reprobe(reason)
        case .rescanDevices: await rescanDevices()
        case .watchdog: ping()
        }
    }

    // MARK: cycles

    /// Reads the Node, applies the plan (re-reading after a 409, bounded) and restarts the watch.
    /// The watch starts from the patch's resourceVersion when it wrote, else "from now" (no
    /// resourceVersion: the server first sends the current Node as ADDED), so nothing between
    /// the read and the watch is missed and no list permission is needed (the DaemonSet's
    /// ClusterRole has get, patch and watch only).
    func reconcile() async {
        retry.cancel()
        for _ in 0...settings.conflictRetries {
            do {
                resourceVersion = nil
                if let state = try await currentNode() {
                    try await apply(state, cause: .cycle)
                } else {
                    node = nil
                    setStatus("waiting for Node \(target.node) to be registered")
                    logger.notice("node not registered yet", metadata: ["event": "node.missing"])
                }
                failures = 0
                await restartWatch()
                becomeReady()
                return
            } catch where error.code == .conflict {
                continue
            } catch {
                failed(error, retry: .reconcile)
                becomeReady()
                return
            }
        }
        failed(KubeError(.conflict, "the Node kept changing during \(settings.conflictRetries + 1) attempts"), retry: .reconcile)
        becomeReady()
    }

    /// The Node, or nil when it is not registered.
    private func currentNode() async throws(KubeError) -> NodeLabelState? {
        do {
            let state = try await client.node(target.node)
            progress()
            return state
        } catch where error.code == .nodeNotFound {
            progress()
            return nil
        }
    }

    enum Cause {
        case cycle, drift, reprobe, hotplug
    }

    /// What publishing would change on `state`.
    private func plan(for state: NodeLabelState) -> LabelPlan {
        LabelPlan(
            desired: target.labels(facts, state), node: state, annotationKey: target.annotationKey,
            overwriteForeign: target.overwriteForeignLabels())
    }

    /// Plans against `state` and patches when something differs. The watch's resourceVersion is
    /// not taken from `state` (a read object's version may be old and already compacted away);
    /// the patched object's version is the newest there is.
    /// Returns whether it wrote.
    @discardableResult
    func apply(_ state: NodeLabelState, cause: Cause) async throws(KubeError) -> Bool {
        node = state
        let plan = plan(for: state)
        if plan.conflicts != reportedConflicts {
            reportedConflicts = plan.conflicts
            LabelLog.conflicts(plan.conflicts, logger: logger)
        }
        guard plan.needsWrite else {
            if cause != .drift { logger.info("labels unchanged", metadata: ["event": "labels.unchanged"]) }
            healthy("labels up to date: \(plan.managedKeys.count) labels on node \(target.node); \(devices.status)")
            return false
        }
        let after = try await client.patch(target.node, mergePatch: plan.mergePatch)
        progress()
        LabelLog.overwritten(plan.overwritten, logger: logger)
        node = after
        resourceVersion = after.resourceVersion
        LabelLog.written(plan.changes, cause: cause == .drift ? .repaired : .applied, logger: logger)
        healthy("labels applied: \(plan.managedKeys.count) labels on node \(target.node); \(devices.status)")
        return true
    }

    /// Repairs drift seen on the watch, unless another writer keeps undoing the repairs (three
    /// repairs each within 10 s of the last): then one full cycle waits a growing backoff
    /// instead of a patch war, and the streak ends after 10 s without a repair.
    func repair(_ state: NodeLabelState) async {
        let now = ContinuousClock.now
        if let last = lastRepair, now - last > .seconds(10) { contestedRepairs = 0 }
        // Only a state that needs a write counts: the current Node that a watch from now sends
        // first (ADDED) is no drift.
        if contestedRepairs >= 3, plan(for: state).needsWrite {
            if contestedRepairs == 3 {
                logger.warning("another writer keeps changing managed labels; repairs slow down", metadata: ["event": "drift.contested"])
            }
            guard !retry.hasPendingCycle else { return }
            contestedRepairs += 1
            lastRepair = now
            retry.schedule(.reconcile, after: settings.backoff.delay(attempt: contestedRepairs - 4), post: post)
            return
        }
        do {
            if try await apply(state, cause: .drift) {
                contestedRepairs += 1
                lastRepair = now
            }
        } catch where error.code == .conflict {
            await reconcile()
        } catch {
            failed(error, retry: .reconcile)
        }
    }

    private func reprobe(_ reason: DaemonEvent.ProbeReason) async {
        if reason == .reload {
            notifier.notify(.reloading, .status("reloading"))
            if let problem = target.reload() {
                logger.error("configuration invalid; the running one stays in force", metadata: ["event": "config.invalid", "error": .string(problem)])
            } else {
                logger.info("reloaded", metadata: ["event": "config.reloaded"])
            }
        }
        facts = target.probe()
        await applyToKnownNode(cause: .reprobe)
        if reason == .reload {
            // READY=1 only once the first cycle has run; a reload during the start delay must not
            // announce readiness early.
            let status = SystemdNotifier.State.status(showingFailure ? "waiting for API" : healthyStatus)
            if ready { notifier.notify(.ready, status) } else { notifier.notify(status) }
        }
    }

    /// Reads the devices again; when they differ from the last read, logs what came and went and
    /// publishes if the labels changed (a patch only when they did).
    private func rescanDevices() async {
        rescans.take()
        let current = target.probeDevices()
        let before = facts.devices
        facts.devices = current
        guard !current.sameDevices(as: before) else { return }
        let change = DeviceChange.between(before, current)
        logger.notice("devices changed", metadata: [
            "event": "devices.changed", "added": .string(change.added.joined(separator: " ")),
            "removed": .string(change.removed.joined(separator: " ")), "changed": .string(change.changed.joined(separator: " "))])
        await applyToKnownNode(cause: .hotplug)
    }

    /// New facts against the Node as last seen, when it is known (otherwise the next cycle or
    /// watch event plans with them): a conflict reads the Node again, a failure retries a cycle.
    private func applyToKnownNode(cause: Cause) async {
        guard let node else { return }
        do {
            try await apply(node, cause: cause)
        } catch where error.code == .conflict {
            await reconcile()
        } catch {
            failed(error, retry: .reconcile)
        }
    }

    // MARK: status, failures, readiness, watchdog

    /// A failed API call: logged, shown, retried after a backoff. Cancellation (shutdown) is not a failure.
    func failed(_ error: KubeError, retry event: DaemonEvent) {
        guard error.code != .cancelled else { return }
        let retryAfter = error.retryAfter.map { min($0, settings.maximumRetryAfter) }
        let delay = settings.backoff.delay(attempt: failures, retryAfter: retryAfter)
        failures += 1
        var metadata: Logger.Metadata = ["event": "api.error", "error": .string(error.message)]
        if let status = error.httpStatus { metadata["status"] = .stringConvertible(status) }
        logger.warning("API request failed; retrying", metadata: metadata)
        showingFailure = true
        notifier.notify(.status("waiting for API: \(error.message)"))
        retry.schedule(event, after: delay, post: post)
    }

    func setStatus(_ text: String) {
        healthyStatus = text
        showingFailure = false
        notifier.notify(.status(text))
    }

    private func healthy(_ text: String) {
        if text != healthyStatus || showingFailure { setStatus(text) }
    }

    /// The API answered again (a watch event or bookmark): forget past failures.
    func recovered() {
        failures = 0
        if showingFailure { setStatus(healthyStatus) }
    }

    private func becomeReady() {
        guard !ready else { return }
        ready = true
        notifier.notify(.ready)
    }

    /// Sends `WATCHDOG=1` when the ticker asks, from the loop itself.
    private func ping() {
        lastPing = .now
        notifier.notify(.watchdog)
    }

    /// Progress of the loop (an API call completed) also proves liveness: ping if one is due,
    /// so that a cycle of several slow requests does not starve the watchdog.
    func progress() {
        guard let interval = settings.watchdogInterval, ContinuousClock.now - lastPing >= interval else { return }
        ping()
    }
}
