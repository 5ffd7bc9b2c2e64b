import CPlatform
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The one root every probe reads through: `/` on a live host, or a captured tree (`--root DIR`,
/// a DaemonSet's `/host`). Paths are resolved by the kernel beneath the root (openat2
/// `RESOLVE_IN_ROOT`), so an absolute symlink or `..` inside a captured tree cannot lead a read
/// out of it. Reads are bounded. With a ``ReadRecorder`` every answer is recorded (`--capture`).
public final class HostRoot: Sendable {
    /// The root as given, e.g. `/` or `/host`.
    public let path: String
    private let descriptor: Int32
    /// Records what is read, for `--capture`; nil otherwise.
    public let recorder: ReadRecorder?

    /// Why a root cannot be used.
    public struct Unusable: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot use root directory \(path): \(reason)" }
    }

    /// Opens `path` as the root; fails with a clear reason when it is missing or not a directory.
    public init(path: String, recorder: ReadRecorder? = nil) throws(Unusable) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unusable(path: path, reason: HostRoot.describe(errno)) }
        self.path = path
        self.descriptor = descriptor
        self.recorder = recorder
    }

    deinit { close(descriptor) }

    /// Whether this is the running host's own root (live-only facts such as uname apply).
    public var isLiveHost: Bool { path == "/" }

    /// A path given on the command line or in the environment made absolute against the working
    /// directory, as the user meant it.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (cwd == "/" ? "" : cwd) + "/" + path
    }

    /// `path` (seen from this root) as the user would find it on their machine: under `--root`
    /// it carries the root's path in front.
    public func displayPath(_ path: String) -> String {
        isLiveHost ? path : (self.path.hasSuffix("/") ? String(self.path.dropLast()) : self.path) + path
    }

    /// The outcome of reading one file.
    public enum ReadResult: Sendable {
        /// The file (or a directory on its path) does not exist: "not this".
        case missing
        /// The bytes read; `truncated` when the file was longer than the limit.
        case bytes([UInt8], truncated: Bool)
        /// Any other error, with its reason.
        case failed(String)
    }

    /// Reads at most `limit` bytes of `path` (an absolute path as seen from the root).
    public func read(_ path: String, limit: Int) -> ReadResult {
        let fd = archlabeld_open_beneath(descriptor, path, 0)
        guard fd >= 0 else {
            let code = errno
            if HostRoot.isMissing(code) { return .missing }
            recorder?.failed(resolve(path) ?? path, requested: path, HostRoot.describe(code))
            return .failed(HostRoot.describe(code))
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: min(limit + 1, 4096))
        var data: [UInt8] = []
        while data.count <= limit {
            let want = min(buffer.count, limit + 1 - data.count)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = HostRoot.describe(errno)
                recorder?.failed(resolve(path) ?? path, requested: path, reason)
                return .failed(reason)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if buffer.count < 65536, data.count >= buffer.count { buffer += buffer }
        }
        // Recorded before the cut: a file longer than the limit keeps one byte more in the
        // capture, so that a replay with the same limit finds it too long as well.
        if let recorder { recorder.file(resolve(path) ?? path, requested: path, data) }
        let truncated = data.count > limit
        if truncated { data.removeLast(data.count - limit) }
        return .bytes(data, truncated: truncated)
    }

    /// Whether anything (file, directory, socket, symlink) exists at `path`.
    public func exists(_ path: String) -> Bool {
        let fd = archlabeld_open_beneath(descriptor, path, 2)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if let recorder, readLink(path) == nil {
            var status = stat()
            let isDirectory = fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            recorder.exists(resolve(path) ?? path, isDirectory ? .directory : .other)
        }
        return true
    }

    /// The target of the symlink at `path`, nil when it is not a symlink.
    public func readLink(_ path: String) -> String? {
        guard let target = rawReadLink(path) else { return nil }
        if let recorder {
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            let canonicalParent = resolve("/" + parent) ?? "/" + parent
            recorder.link((canonicalParent == "/" ? "" : canonicalParent) + "/" + name, target)
        }
        return target
    }

    private func rawReadLink(_ path: String) -> String? {
        let fd = archlabeld_open_beneath(descriptor, path, 2)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlinkat(fd, "", &buffer, 4096)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in the directory at `path` (without `.` and `..`), sorted; nil when it is
    /// missing. With `limit`, reading stops after `limit + 1` names (so that a caller can tell the
    /// directory was larger): a hostile tree with millions of entries costs no more than that.
    public func list(_ path: String, limit: Int = Int.max) -> [String]? {
        let fd = archlabeld_open_beneath(descriptor, path, 1)
        guard fd >= 0, let directory = fdopendir(fd) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while names.count <= limit, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        names.sort()
        if let recorder {
            let canonical = resolve(path) ?? path
            let prefix = canonical == "/" ? "" : canonical
            recorder.listing(canonical, names.map { name in
                var status = stat()
                let isDirectory = fstatat(dirfd(directory), name, &status, AT_SYMLINK_NOFOLLOW) == 0
                    && (status.st_mode & S_IFMT) == S_IFDIR
                return ReadRecorder.ListedEntry(
                    name: name, kind: isDirectory ? .directory : .other, linkTarget: rawReadLink(prefix + "/" + name))
            })
        }
        return names
    }

    /// `path` with every symlink resolved beneath the root, as an absolute path seen from the
    /// root (so that sysfs device paths can be inspected); nil on a symlink loop.
    public func resolve(_ path: String) -> String? {
        var resolved: [Substring] = []
        var pending = Array(path.split(separator: "/").reversed())
        var hops = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            guard let target = rawReadLink(candidate) else {
                resolved.append(component)
                continue
            }
            recorder?.link(candidate, target)
            hops += 1
            if hops > 40 { return nil }
            if target.hasPrefix("/") { resolved = [] }
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        return "/" + resolved.joined(separator: "/")
    }

    static func isMissing(_ code: Int32) -> Bool { code == ENOENT || code == ENOTDIR }

    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case ENOTDIR: return "not a directory"
        case EACCES, EPERM: return "permission denied (run as root, or grant read access)"
        default: return String(cString: strerror(code))
        }
    }
}
