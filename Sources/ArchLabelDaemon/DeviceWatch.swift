import Synchronization

/// How the daemon learns that USB or PCI devices changed: kernel uevents, periodic rescans of the
/// device directories, or both (uevents where they should arrive, rescans in case they do not).
public struct DeviceWatch: Sendable {
    /// Every element says a usb or pci device may have come, gone, or changed drivers. The daemon
    /// waits a short debounce (a plug sends a burst) and reads the devices.
    public var uevents: AsyncStream<Void>?
    /// The rescan period, asked each time (so that a reload applies); nil: no periodic rescans.
    public var rescanInterval: (@Sendable () -> Duration)?
    /// Why this mode, for the log.
    public var reason: String

    /// Uevents only (a node's own root).
    public static func uevents(_ stream: AsyncStream<Void>) -> DeviceWatch {
        DeviceWatch(uevents: stream, rescanInterval: nil, reason: "the root is this machine's")
    }

    /// Periodic rescans only.
    public static func rescan(interval: @escaping @Sendable () -> Duration, reason: String) -> DeviceWatch {
        DeviceWatch(uevents: nil, rescanInterval: interval, reason: reason)
    }

    /// Uevents, with periodic rescans in case they do not reach this network namespace.
    public static func ueventsAndRescan(_ stream: AsyncStream<Void>, interval: @escaping @Sendable () -> Duration, reason: String) -> DeviceWatch {
        DeviceWatch(uevents: stream, rescanInterval: interval, reason: reason)
    }

    /// The mode for the log: `uevents`, `rescan` or `uevents+rescan`.
    var mode: String {
        switch (uevents != nil, rescanInterval != nil) {
        case (true, true): return "uevents+rescan"
        case (true, false): return "uevents"
        default: return "rescan"
        }
    }

    /// The mode in a few words, for the `STATUS=` line: `devices: uevents`,
    /// `devices: rescan every 30s`, `devices: uevents, rescan every 30s`.
    var status: String {
        var parts: [String] = []
        if uevents != nil { parts.append("uevents") }
        if let rescanInterval { parts.append("rescan every \(DeviceWatch.describe(rescanInterval()))") }
        return "devices: " + (parts.isEmpty ? "not followed" : parts.joined(separator: ", "))
    }

    /// `30s`, `2m`, `1m30s`, as the configuration writes durations.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 60 == 0, seconds > 0 { return "\(seconds / 60)m" }
        return seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}

/// At most one device read waiting in the loop's queue: uevents and timers ask through
/// ``request()``, the loop takes the request when it starts reading. A slow API call therefore
/// never piles reads up behind it.
final class RescanRequests: Sendable {
    private let pending = Atomic<Bool>(false)

    /// Whether the caller should post a read (none was pending).
    func request() -> Bool { !pending.exchange(true, ordering: .acquiringAndReleasing) }

    /// The loop starts reading: later changes need another read.
    func take() { pending.store(false, ordering: .releasing) }
}
