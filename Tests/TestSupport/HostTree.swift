import Foundation

/// A captured-style host tree built by a test in a temporary directory: files, symlinks and
/// directories under a root that the probes read with `--root`.
public final class HostTree {
    public let root: URL

    public init() { root = Fixtures.temporaryDirectory("archlabeld-tree") }

    /// A writable copy of the fixture tree at `relative` (symlinks kept), for tests that add files.
    public convenience init(copying relative: String) throws {
        self.init()
        directory(".")
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", Fixtures.path(relative) + "/.", path]
        try copy.run()
        copy.waitUntilExit()
    }

    deinit { Fixtures.remove(root) }

    public var path: String { root.path }

    @discardableResult
    public func file(_ relative: String, _ text: String) -> HostTree { bytes(relative, Array(text.utf8)) }

    @discardableResult
    public func bytes(_ relative: String, _ bytes: [UInt8]) -> HostTree {
        let url = root.appendingPathComponent(relative)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return self
    }

    @discardableResult
    public func directory(_ relative: String) -> HostTree {
        try? FileManager.default.createDirectory(at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
        return self
    }

    @discardableResult
    public func symlink(_ relative: String, to target: String) -> HostTree {
        let url = root.appendingPathComponent(relative)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        return self
    }

    /// Extracts a .tar.gz fixture (an lscpu dump) into this tree and returns the directory it made.
    public func extract(_ archive: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-xzf", archive, "-C", path]
        try process.run()
        process.waitUntilExit()
        return path
    }
}
