import ArchLabelCore
import ArchLabelProbes

/// The drop-in directory (`dropInDirectory`, default `/etc/archlabeld/labels.d`), read afresh on
/// every cycle so that files other tools write there are picked up without a restart. Files are
/// read in name order; dot-files are skipped (editors' and tools' temporary files); a file over
/// 64 KiB is rejected with a warning, as Node Feature Discovery does; an expired file is ignored;
/// subdirectories are skipped; when two files set the same key, the later one in name order wins
/// with a warning, as in NFD. A missing default directory is simply empty; a missing directory that
/// the configuration names is warned about (a typo there would otherwise lose labels silently).
/// Evidence names each file as seen from the root, like every probe's, so that a capture replays
/// it; warnings name it as found on this machine (under `--root`, with the root's path).
public enum DropInDirectory {
    /// The size limit of one file.
    public static let fileLimit = 64 << 10

    /// The labels of every usable file under `path` (seen from `root`), with evidence, and the
    /// warnings for what was skipped. `now` is seconds since the epoch, for expiry.
    public static func read(_ path: String, root: HostRoot, prefix: LabelPrefix, now: Int64) -> (labels: [ComputedLabel], warnings: [ProbeWarning]) {
        guard let names = root.list(path) else {
            let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            guard trimmed != Configuration.defaultDropInDirectory else { return ([], []) }
            return ([], [ProbeWarning(root.displayPath(path), "dropInDirectory does not exist or cannot be read: no drop-in labels")])
        }
        var labels: [String: ComputedLabel] = [:]
        var order: [String] = []
        var warnings: [ProbeWarning] = []
        for name in names where !name.hasPrefix(".") {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            let shown = root.displayPath(file)
            if root.list(file) != nil { continue }
            switch root.read(file, limit: fileLimit) {
            case .missing:
                continue
            case .failed(let reason):
                warnings.append(ProbeWarning(shown, "skipped: \(reason)"))
            case .bytes(_, truncated: true):
                warnings.append(ProbeWarning(shown, "skipped: larger than 64 KiB"))
            case .bytes(let bytes, truncated: false):
                let parsed = DropInFile(parsing: String(decoding: bytes, as: UTF8.self), prefix: prefix)
                for problem in parsed.problems {
                    warnings.append(ProbeWarning("\(shown):\(problem.line)", "skipped: \(problem.reason)"))
                }
                if parsed.isExpired(at: now) { continue }
                for label in parsed.labels {
                    let evidence = Evidence("\(file):\(label.line)", "\(label.name)=\(label.value)")
                    if let earlier = labels[label.name] {
                        warnings.append(ProbeWarning(
                            "\(shown):\(label.line)", "\(label.name) replaces the value from \(earlier.evidence.first.map { root.displayPath($0.source) } ?? "an earlier file")"))
                    } else {
                        order.append(label.name)
                    }
                    labels[label.name] = ComputedLabel(label.name, label.value, [evidence])
                }
            }
        }
        return (order.compactMap { labels[$0] }, warnings)
    }
}
