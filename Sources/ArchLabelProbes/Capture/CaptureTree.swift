/// A capture laid out as a tree: the directories, files and symbolic links that make the
/// recorded reads give the same answers under `--root`, and what was left out and why.
public struct CaptureTree: Sendable {
    /// One thing to create, at an absolute path seen from the root.
    public enum Entry: Sendable, Equatable {
        case directory(String)
        case file(String, [UInt8])
        case link(String, target: String)

        public var path: String {
            switch self {
            case .directory(let path), .file(let path, _), .link(let path, _): path
            }
        }
    }

    /// Parents before children: directories, then files and links, each sorted by path.
    public var entries: [Entry]
    /// Paths not captured (or cut down), with the reason.
    public var leftOut: [(path: String, reason: String)]

    /// The tree for `observations`, under ``CapturePolicy``: a file is judged by every name it was
    /// reached by (a link named `x.kubeconfig` to a neutral path is still a kubeconfig), and so is
    /// every link. A listed entry that was not read itself becomes an empty directory, an empty
    /// file or its symbolic link, so that listings replay whole; one that could not be read
    /// becomes nothing (a replay finds it missing, without the original's warning) and is listed
    /// as left out.
    public init(_ observations: ReadRecorder.Observations) {
        var files: [String: [UInt8]] = [:]
        var links: [String: String] = [:]
        var directories: Set<String> = []
        var leftOut: [(String, String)] = []
        let secretReason = { (path: String) in
            CapturePolicy.secretReason(path) ?? observations.aliases[path]?.lazy.compactMap(CapturePolicy.secretReason).first
        }
        for (path, target) in observations.links {
            if let reason = CapturePolicy.secretReason(path) { leftOut.append((path, reason)) } else { links[path] = target }
        }
        for (path, reason) in observations.failed where observations.files[path] == nil {
            leftOut.append((path, "unreadable here (\(reason)); a replay finds it missing"))
        }
        for (path, bytes) in observations.files where path != "/" + CaptureManifest.fileName {
            if let reason = secretReason(path) {
                leftOut.append((path, reason))
                continue
            }
            let kept = CapturePolicy.kept(path, bytes)
            if let reason = kept.reason { leftOut.append((path, reason)) }
            files[path] = kept.bytes
        }
        for (path, kind) in observations.existing where files[path] == nil && links[path] == nil {
            if kind == .directory { directories.insert(path) } else if secretReason(path) == nil { files[path] = [] }
        }
        for (directory, listed) in observations.listings {
            directories.insert(directory)
            let prefix = directory == "/" ? "" : directory
            for entry in listed {
                let path = prefix + "/" + entry.name
                if files[path] != nil || links[path] != nil || directories.contains(path) || observations.failed[path] != nil
                    || observations.links[path] != nil || secretReason(path) != nil {
                    continue
                }
                if let target = entry.linkTarget {
                    links[path] = target
                } else if entry.kind == .directory {
                    directories.insert(path)
                } else {
                    files[path] = []
                }
            }
        }
        // Every parent of every entry is a directory.
        for path in Array(files.keys) + Array(links.keys) + Array(directories) {
            var parent = path
            while let slash = parent.lastIndex(of: "/"), slash != parent.startIndex {
                parent = String(parent[..<slash])
                directories.insert(parent)
            }
        }
        // A recorded link whose path is also a directory's (a link followed, then listed through):
        // the link is what the tree had.
        directories.subtract(links.keys)
        entries = directories.sorted().map { Entry.directory($0) }
            + (files.map { Entry.file($0.key, $0.value) } + links.map { Entry.link($0.key, target: $0.value) })
            .sorted { $0.path < $1.path }
        self.leftOut = leftOut.sorted { $0.0 < $1.0 }.map { (path: $0.0, reason: $0.1) }
    }
}
