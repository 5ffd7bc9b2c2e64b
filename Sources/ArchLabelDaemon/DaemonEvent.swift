import ArchLabelKube

/// Everything the daemon's main loop reacts to, in the order it arrives. Timers, the watch and
/// signals only post events; all decisions and all API calls happen in the loop, one at a time.
enum DaemonEvent: Sendable {
    /// Why the facts are probed again.
    enum ProbeReason: Sendable {
        case timer
        case reload
    }

    /// Run a full cycle: list the Node, plan, patch if needed, (re)start the watch.
    case reconcile
    /// An event of watch number `generation`.
    case watch(NodeWatchEvent, generation: Int)
    /// Watch number `generation` ended: cleanly (nil) or with an error.
    case watchEnded(KubeError?, generation: Int)
    /// Restart the watch (after a backoff).
    case restartWatch
    /// Probe the facts again.
    case reprobe(ProbeReason)
    /// Read the USB and PCI devices again (a uevent burst settled, or the rescan timer).
    case rescanDevices
    /// Tell systemd the loop is alive.
    case watchdog
}
