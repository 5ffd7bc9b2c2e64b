import ArchLabelKube

/// The daemon's timing. The defaults suit a node; tests shorten them.
public struct DaemonSettings: Sendable {
    /// Full re-probe period (facts that change: kernel after an upgrade, binfmt handlers, …).
    public var reprobeInterval: Duration = .seconds(600)
    /// The first cycle starts after a random delay up to this, so that many nodes restarting
    /// together (a power cut, a cluster upgrade) do not all hit the API server at once.
    public var startJitter: Duration = .seconds(2)
    /// Delays between retries of failed API calls: 1 s doubling to 5 min, with jitter.
    public var backoff = Backoff(base: .seconds(1), cap: .seconds(300))
    /// The longest `Retry-After` honoured.
    public var maximumRetryAfter: Duration = .seconds(300)
    /// How long one watch request lasts before the server ends it and it is resumed; each
    /// watch asks for a random time between this and twice this, as client-go does.
    public var watchTimeout: Duration = .seconds(300)
    /// The deadline of one API request (not of a watch).
    public var requestTimeout: Duration = .seconds(20)
    /// How often to send `WATCHDOG=1`: half of systemd's `WATCHDOG_USEC`, nil without a watchdog.
    public var watchdogInterval: Duration?
    /// How long after a device uevent the devices are read: a plug sends a burst of events (the
    /// device, its interfaces, driver binds), which one read covers.
    public var deviceDebounce: Duration = .milliseconds(250)
    /// Re-reads of the Node after a 409 within one cycle before backing off.
    public var conflictRetries = 5

    /// The defaults.
    public init() {}

    /// The watchdog interval systemd asks for through `$WATCHDOG_USEC` (and `$WATCHDOG_PID`, which
    /// must be this process when set): half the timeout, as sd_watchdog_enabled(3) advises.
    public static func watchdogInterval(environment: [String: String], pid: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != pid { return nil }
        return .microseconds(microseconds / 2)
    }
}
