/// Exponential backoff with jitter: attempt n waits a random time between half and all of
/// `base · 2ⁿ`, capped at `cap`, so that many nodes retrying together spread out. A server's
/// `Retry-After` takes precedence when it asks for longer, with up to a fifth more on top so
/// that nodes told the same time do not all come back at once.
public struct Backoff: Sendable, Equatable {
    /// The first delay.
    public var base: Duration
    /// The longest delay.
    public var cap: Duration

    /// Creates a backoff from `base` doubling up to `cap`.
    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The delay before retry number `attempt` (0 for the first retry), at least `retryAfter`.
    public func delay(attempt: Int, retryAfter: Duration? = nil) -> Duration {
        var ceiling = base
        for _ in 0..<min(attempt, 30) where ceiling < cap { ceiling *= 2 }
        ceiling = min(ceiling, cap)
        let jittered = ceiling * Double.random(in: 0.5...1.0)
        guard let retryAfter else { return jittered }
        return max(jittered, retryAfter * Double.random(in: 1.0...1.2))
    }
}
