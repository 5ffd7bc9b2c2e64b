/// Whether a root is the running system seen from elsewhere (the DaemonSet's `/host`) rather
/// than a tree from another machine or another boot: its kernel boot id
/// (`/proc/sys/kernel/random/boot_id`, a random UUID per boot) equals this process's. Only then
/// do this kernel's uevents describe the root's devices.
public enum RunningSystem {
    static let bootIDPath = "/proc/sys/kernel/random/boot_id"

    /// True when `root` shows this boot's id; false when it differs, is missing or unreadable.
    public static func isRunning(_ root: HostRoot) -> Bool {
        guard let own = try? HostRoot(path: "/"), case .bytes(let mine, false) = own.read(bootIDPath, limit: 64), !mine.isEmpty,
              case .bytes(let theirs, false) = root.read(bootIDPath, limit: 64)
        else { return false }
        return mine == theirs
    }
}
