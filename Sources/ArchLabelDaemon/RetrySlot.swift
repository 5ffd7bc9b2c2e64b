/// The one delayed retry the daemon keeps. A full cycle (`.reconcile`) also restarts the watch,
/// so a pending cycle is never replaced by a mere watch restart: otherwise a failed drift repair
/// could be forgotten when the watch breaks in the same outage.
struct RetrySlot {
    private var task: Task<Void, Never>?
    private var pendingCycle = false

    /// Posts `event` through `post` after `delay`, unless a cycle is already pending and `event`
    /// is only a watch restart.
    mutating func schedule(
        _ event: DaemonEvent, after delay: Duration, post: AsyncStream<DaemonEvent>.Continuation
    ) {
        let isCycle: Bool
        if case .reconcile = event { isCycle = true } else { isCycle = false }
        if pendingCycle, !isCycle, task != nil { return }
        task?.cancel()
        pendingCycle = isCycle
        task = Task {
            do {
                try await Task.sleep(for: delay)
                post.yield(event)
            } catch {}
        }
    }

    /// True while a full cycle waits to run.
    var hasPendingCycle: Bool { pendingCycle && task != nil }

    /// Forgets the pending retry (a cycle is starting now, or the daemon stops).
    mutating func cancel() {
        task?.cancel()
        task = nil
        pendingCycle = false
    }
}
