import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// Writes a ``CaptureTree`` and its manifest into a new directory, or into a gzip-compressed tar
/// archive when the path ends in `.tar.gz` or `.tgz` (ustar, with POSIX pax records for paths
/// longer than ustar allows); `-` writes the archive to standard output (for `kubectl exec … >
/// capture.tar.gz` from a pod whose file system is read-only). Never overwrites: an existing
/// non-empty directory or an existing file is an error.
public enum CaptureWriter {
    /// Why a capture could not be written, and what to do.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func isArchive(_ path: String) -> Bool { path == "-" || path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") }

    public static func write(_ tree: CaptureTree, manifest: [UInt8], to path: String, time: Int) throws(Failure) {
        let entries = tree.entries + [.file("/" + CaptureManifest.fileName, manifest)]
        if isArchive(path) {
            try writeArchive(entries, to: path, time: time)
        } else {
            try writeDirectory(entries, to: path)
        }
    }

    static func writeDirectory(_ entries: [CaptureTree.Entry], to path: String) throws(Failure) {
        if mkdir(path, 0o755) != 0 {
            // An existing empty directory is used only when it is this user's own: root must not
            // write into a directory someone else can change under it.
            var status = stat()
            guard errno == EEXIST, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw failure(path, "cannot create the directory")
            }
            guard status.st_uid == geteuid() else { throw Failure(description: "\(path) belongs to another user: name a new directory") }
            guard let directory = opendir(path) else { throw failure(path, "cannot open the directory") }
            var names = 0
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names += 1 }
            }
            closedir(directory)
            guard names == 0 else { throw Failure(description: "\(path) exists and is not empty: name a new directory") }
        }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        for entry in entries {
            let target = base + entry.path
            switch entry {
            case .directory:
                guard mkdir(target, 0o755) == 0 || (entry.path == "/" && errno == EEXIST) else { throw failure(target, "cannot create the directory") }
            case .link(_, let linkTarget):
                guard symlink(linkTarget, target) == 0 else { throw failure(target, "cannot create the symbolic link") }
            case .file(_, let bytes):
                let fd = try create(target)
                defer { close(fd) }
                try write(bytes, to: fd, path: target)
            }
        }
    }

    /// A new file at `path`: never an existing one, never through a symbolic link.
    static func create(_ path: String) throws(Failure) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create the file") }
        return fd
    }

    static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw failure(path, "cannot write") }
            written += count
        }
    }

    static func writeArchive(_ entries: [CaptureTree.Entry], to path: String, time: Int) throws(Failure) {
        var tar = TarArchive(time: time)
        for entry in entries { tar.append(entry) }
        let bytes = tar.finished()
        let fd: Int32
        if path == "-" {
            guard isatty(1) == 0 else { throw Failure(description: "standard output is a terminal: redirect it to a file (> capture.tar.gz)") }
            fd = dup(1)
        } else {
            fd = try create(path)
        }
        // zlib writes the gzip stream to the descriptor opened above (and closes it).
        guard let file = gzdopen(fd, "wb9") else {
            close(fd)
            throw failure(path, "cannot open for gzip")
        }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(1 << 20, bytes.count - offset)
            let count = bytes[offset..<(offset + chunk)].withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32(chunk)) }
            guard count == chunk else {
                let reason = zlibError(file)
                gzclose(file)
                throw Failure(description: "\(path): cannot write the compressed archive: \(reason)")
            }
            offset += chunk
        }
        guard gzclose(file) == Z_OK else { throw failure(path, "cannot finish the compressed archive") }
    }

    static func zlibError(_ file: gzFile) -> String {
        var code: Int32 = 0
        guard let message = gzerror(file, &code) else { return "zlib error" }
        return code == Z_ERRNO ? String(cString: strerror(errno)) : String(cString: message)
    }

    static func failure(_ path: String, _ what: String) -> Failure {
        Failure(description: "\(path): \(what): \(String(cString: strerror(errno)))")
    }
}
