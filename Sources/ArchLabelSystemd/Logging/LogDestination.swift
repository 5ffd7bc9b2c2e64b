#if canImport(Glibc)
import Glibc
#endif

/// Where log entries go: `auto` picks the journal when stderr is connected to it (systemd sets
/// `$JOURNAL_STREAM` to the device and inode of that stream; it must match stderr, since a
/// child process may inherit the variable with stderr redirected), and text otherwise.
public enum LogDestination: String, Sendable, CaseIterable {
    case auto, journal, json, text

    /// The concrete destination for this process: `auto` resolved against stderr.
    public func resolved(environment: [String: String]) -> LogDestination {
        guard self == .auto else { return self }
        return LogDestination.stderrIsJournal(environment["JOURNAL_STREAM"]) ? .journal : .text
    }

    /// True when `journalStream` ("DEVICE:INODE") names the file stderr is open on.
    static func stderrIsJournal(_ journalStream: String?) -> Bool {
        guard let journalStream else { return false }
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
