import ArchLabelCore

/// What every probe gets: the root to read through, the live facts, and a place for warnings.
/// Text reads are bounded, decode invalid UTF-8 safely, and turn every failure except "missing"
/// into a warning.
public final class ProbeContext {
    public let root: HostRoot
    public let live: LiveFacts
    public private(set) var warnings: [ProbeWarning] = []

    /// Read limits: /proc/cpuinfo of a 1024-CPU machine is about 1.5 MB; everything else is small.
    static let largeFileLimit = 8 << 20
    static let smallFileLimit = 64 << 10

    public init(root: HostRoot, live: LiveFacts) {
        self.root = root
        self.live = live
    }

    /// The bytes of `path`, nil when missing or unreadable (the latter is warned about).
    func bytes(_ path: String, limit: Int = ProbeContext.smallFileLimit) -> [UInt8]? {
        switch root.read(path, limit: limit) {
        case .missing:
            return nil
        case .failed(let reason):
            warn(path, "unreadable: \(reason)")
            return nil
        case .bytes(let bytes, let truncated):
            if truncated { warn(path, "longer than \(limit) bytes; only the first \(limit) were read") }
            return bytes
        }
    }

    /// The first `count` bytes of `path` (a header), nil when missing or unreadable, without warnings:
    /// for optional evidence such as PID 1's environment, which needs privileges systemd also may lack.
    func quietPrefix(_ path: String, count: Int) -> [UInt8]? {
        guard case .bytes(let bytes, _) = root.read(path, limit: count) else { return nil }
        return bytes
    }

    /// The text of `path` (invalid UTF-8 replaced), nil when missing or unreadable.
    func text(_ path: String, limit: Int = ProbeContext.smallFileLimit) -> String? {
        bytes(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first line of `path`, trimmed; nil when missing, unreadable or blank.
    func line(_ path: String) -> String? {
        text(path, limit: 4096).flatMap(firstLine(of:))
    }

    func exists(_ path: String) -> Bool { root.exists(path) }

    func warn(_ source: String, _ message: String) {
        warnings.append(ProbeWarning(source, message))
    }
}
