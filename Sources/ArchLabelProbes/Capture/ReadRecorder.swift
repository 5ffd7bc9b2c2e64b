import Synchronization

/// What a ``HostRoot`` was asked, recorded for `--capture`: every file read (with the bytes it
/// gave), every directory listed, every symbolic link followed, every path whose existence was
/// asked. Paths are canonical (symbolic links resolved beneath the root, which records the links
/// themselves), so that the capture can be laid out as the kernel laid out the tree.
public final class ReadRecorder: Sendable {
    /// The kind of something that exists, as far as a replay needs it.
    public enum Kind: Sendable, Equatable {
        case directory, other
    }

    /// One entry of a listed directory.
    public struct ListedEntry: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        /// The target, when the entry is a symbolic link.
        public var linkTarget: String?

        public init(name: String, kind: Kind, linkTarget: String?) {
            self.name = name
            self.kind = kind
            self.linkTarget = linkTarget
        }
    }

    /// Everything recorded so far.
    public struct Observations: Sendable, Equatable {
        public var files: [String: [UInt8]] = [:]
        public var links: [String: String] = [:]
        public var listings: [String: [ListedEntry]] = [:]
        public var existing: [String: Kind] = [:]
        /// Files that could not be read, with the reason.
        public var failed: [String: String] = [:]
        /// The paths each recorded canonical path was asked by (through symbolic links), so that
        /// the capture policy judges every name a file was reached by.
        public var aliases: [String: Set<String>] = [:]

        public init() {}
    }

    private let state = Mutex(Observations())

    public init() {}

    public var observations: Observations { state.withLock { $0 } }

    func file(_ path: String, requested: String, _ bytes: [UInt8]) {
        state.withLock { observations in
            // A second, longer read (another limit) keeps the longer bytes.
            if (observations.files[path]?.count ?? -1) < bytes.count { observations.files[path] = bytes }
            if requested != path { observations.aliases[path, default: []].insert(requested) }
        }
    }

    func failed(_ path: String, requested: String, _ reason: String) {
        state.withLock { observations in
            observations.failed[path] = reason
            if requested != path { observations.aliases[path, default: []].insert(requested) }
        }
    }

    func link(_ path: String, _ target: String) { state.withLock { $0.links[path] = target } }

    func listing(_ path: String, _ entries: [ListedEntry]) { state.withLock { $0.listings[path] = entries } }

    func exists(_ path: String, _ kind: Kind) { state.withLock { $0.existing[path] = kind } }
}
