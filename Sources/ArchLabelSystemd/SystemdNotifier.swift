import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Sends service state to systemd through libsystemd's `sd_notify` (`READY=1`, `STATUS=…`,
/// `WATCHDOG=1`, `RELOADING=1`, `STOPPING=1`). Without `$NOTIFY_SOCKET` every call is a no-op,
/// so the same code runs under systemd, in a container and in a terminal.
public struct SystemdNotifier: Sendable {
    /// A state change systemd understands.
    public enum State: Sendable, Equatable {
        case ready
        case reloading
        case stopping
        case watchdog
        /// One line of free text shown by `systemctl status`; newlines are replaced.
        case status(String)

        var assignment: String {
            switch self {
            case .ready: return "READY=1"
            case .reloading:
                // MONOTONIC_USEC lets systemd (253+, Type=notify-reload) match the reload to its request.
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                return "RELOADING=1\nMONOTONIC_USEC=\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)"
            case .stopping: return "STOPPING=1"
            case .watchdog: return "WATCHDOG=1"
            case .status(let text): return "STATUS=" + text.map { $0 == "\n" ? " " : String($0) }.joined()
            }
        }
    }

    public init() {}

    /// Sends `states` in one datagram. Returns false when systemd is not listening or the send
    /// failed; callers carry on either way, since notification is advisory.
    @discardableResult
    public func notify(_ states: State...) -> Bool {
        let message = states.map(\.assignment).joined(separator: "\n")
        return sd_notify(0, message) > 0
    }
}
