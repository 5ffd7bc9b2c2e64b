import ArchLabelCore

/// The third step of a cycle: read the Node, plan, and write one patch when something differs.
/// A stale read (409) is re-read and re-planned; a Node that is not registered yet (404) is
/// waited for, bounded; transient failures (429, 5xx, network) are retried with backoff.
public struct Publisher: Sendable {
    /// How hard to try before giving up.
    public struct Policy: Sendable {
        /// Re-reads after a 409 before giving up.
        public var conflictRetries = 5
        /// How long to wait for the Node to be registered; zero fails at once.
        public var registrationWait: Duration = .seconds(60)
        /// Retries of 429, 5xx and network failures.
        public var transientRetries = 3
        /// The delays between retries.
        public var backoff = Backoff(base: .milliseconds(500), cap: .seconds(10))
        /// The longest `Retry-After` honoured; a server asking for more is retried after this.
        public var maximumRetryAfter: Duration = .seconds(30)

        /// The defaults for `--once`.
        public init() {}
    }

    /// What a publish did.
    public struct Outcome: Sendable {
        /// The plan that was applied (or found to be a no-op).
        public var plan: LabelPlan
        /// True when a patch was sent and accepted.
        public var wrote: Bool
        /// The Node as the server returned it last.
        public var node: NodeLabelState
        /// How many 409s were met on the way.
        public var conflictsRetried: Int
    }

    /// The client for the Node.
    public let client: NodeClient
    /// Retry limits.
    public let policy: Policy

    /// Creates a publisher.
    public init(client: NodeClient, policy: Policy = Policy()) {
        self.client = client
        self.policy = policy
    }

    /// Makes Node `node` carry the labels `desired` computes from the Node as read (full key →
    /// value; the Node is an input because k3s's containerd version is known only there), with
    /// the ownership record in `annotationKey`. With `write: false` it only reads and plans.
    public func publish(
        node: String, annotationKey: String, write: Bool = true, overwriteForeign: Bool = false,
        desired: (NodeLabelState) -> [String: String]
    ) async throws(KubeError) -> Outcome {
        var conflicts = 0
        var transient = 0
        var waited = 0
        let clock = ContinuousClock()
        let registrationDeadline = clock.now.advanced(by: policy.registrationWait)
        while true {
            do {
                let state = try await client.node(node)
                let plan = LabelPlan(desired: desired(state), node: state, annotationKey: annotationKey, overwriteForeign: overwriteForeign)
                guard write, plan.needsWrite else {
                    return Outcome(plan: plan, wrote: false, node: state, conflictsRetried: conflicts)
                }
                let after = try await client.patch(node, mergePatch: plan.mergePatch)
                return Outcome(plan: plan, wrote: true, node: after, conflictsRetried: conflicts)
            } catch {
                if error.code == .conflict {
                    guard conflicts < policy.conflictRetries else {
                        throw error.appending("gave up after \(conflicts) re-reads: something keeps changing the Node; try again")
                    }
                    conflicts += 1
                } else if error.code == .nodeNotFound, write, clock.now < registrationDeadline {
                    let delay = min(policy.backoff.delay(attempt: waited), clock.now.duration(to: registrationDeadline))
                    waited += 1
                    try await sleep(delay)
                } else if error.isTransient {
                    guard transient < policy.transientRetries else {
                        throw transient == 0 ? error : error.appending("gave up after \(transient) retries")
                    }
                    let retryAfter = error.retryAfter.map { min($0, policy.maximumRetryAfter) }
                    try await sleep(policy.backoff.delay(attempt: transient, retryAfter: retryAfter))
                    transient += 1
                } else {
                    throw error
                }
            }
        }
    }

    private func sleep(_ delay: Duration) async throws(KubeError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw KubeError(.cancelled, "cancelled while waiting to retry")
        }
    }
}
