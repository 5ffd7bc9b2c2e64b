import ArchLabelCore
import ArchLabelKube

/// What the loop knows about its watch.
struct WatchState {
    var generation = 0
    var task: Task<Void, Never>?
    /// Whether the current watch delivered anything (an event or a bookmark).
    var heardAnything = false
    /// Set by a 410 and cleared by any other event: a second 410 in a row backs off.
    var expiredWithoutProgress = false
    /// Whether the current watch started without a resourceVersion ("from now").
    var startedFromNow = false
    var isRunning: Bool { task != nil }
}

extension DaemonLoop {
    /// Replaces the running watch with a new one from the newest resourceVersion.
    func restartWatch() async {
        await stopWatch()
        startWatch()
    }

    func stopWatch() async {
        watch.task?.cancel()
        await watch.task?.value
        watch.task = nil
    }

    /// Starts a watch from `resourceVersion`, or from now when there is none (the server then
    /// sends the current Node first, as ADDED).
    func startWatch() {
        let from = resourceVersion
        watch.generation += 1
        watch.heardAnything = false
        watch.startedFromNow = from == nil
        let generation = watch.generation
        let timeout = settings.watchTimeout * Double.random(in: 1...2)
        let (client, node, post) = (self.client, target.node, self.post)
        watch.task = Task {
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

    func handleWatch(_ event: NodeWatchEvent, generation: Int) async {
        guard generation == watch.generation else { return }
        watch.heardAnything = true
        recovered()
        if case .expired = event {} else { watch.expiredWithoutProgress = false }
        switch event {
        case .added(let state) where watch.startedFromNow:
            // The current Node, sent first by a watch from now: its resourceVersion is the
            // object's last change, possibly compacted away, so it is no place to resume from;
            // a bookmark or a later event gives one.
            await repair(state)
        case .added(let state), .modified(let state):
            resourceVersion = state.resourceVersion
            await repair(state)
        case .deleted(let state):
            node = nil
            resourceVersion = state.resourceVersion
            logger.notice("node deleted", metadata: ["event": "node.deleted"])
            setStatus("Node \(target.node) was deleted; waiting for it to be registered again")
        case .bookmark(let version):
            resourceVersion = version
        case .expired:
            await expired()
        }
    }

    /// 410: the resourceVersion is too old; read the Node again and watch from now. A second 410
    /// in a row (a server refusing even that) backs off instead of spinning.
    private func expired() async {
        logger.info("watch expired; reading the Node again", metadata: ["event": "watch.expired"])
        resourceVersion = nil
        await stopWatch()
        if watch.expiredWithoutProgress {
            retry.schedule(.reconcile, after: settings.backoff.delay(attempt: failures), post: post)
            failures += 1
            return
        }
        watch.expiredWithoutProgress = true
        await reconcile()
    }

    func watchEnded(_ error: KubeError?, generation: Int) async {
        guard generation == watch.generation else { return }
        watch.task = nil
        if let error {
            if error.httpStatus == 410 {
                // The same expiry as an ERROR event, answered as a plain HTTP 410.
                await expired()
            } else {
                failed(error, retry: .restartWatch)
            }
        } else if !watch.heardAnything {
            // A server (or proxy) that ends watches before anything arrives would otherwise be
            // hammered with reconnects.
            retry.schedule(.restartWatch, after: settings.backoff.delay(attempt: failures), post: post)
            failures += 1
        } else {
            startWatch()
        }
    }
}
