/// How the daemon learns that USB or PCI devices changed.
public enum DeviceWatch: Sendable {
    /// Kernel uevents: every element says a usb or pci device may have come, gone, or changed
    /// drivers. The daemon waits a short debounce (a plug sends a burst) and reads the devices.
    case uevents(AsyncStream<Void>)
    /// No uevents can arrive: the devices are read every `interval()` (asked each time, so that a
    /// reload applies); `reason` says why, for the log.
    case rescan(interval: @Sendable () -> Duration, reason: String)

    /// The mode in a few words, for the `STATUS=` line: `devices: uevents` or `devices: rescan every 30s`.
    var status: String {
        switch self {
        case .uevents: return "devices: uevents"
        case .rescan(let interval, _): return "devices: rescan every \(DeviceWatch.describe(interval()))"
        }
    }

    /// `30s`, `2m`, `1m30s`, as the configuration writes durations.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 60 == 0, seconds > 0 { return "\(seconds / 60)m" }
        return seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
