import ArchLabelCore

/// One file of the drop-in directory, in the format of Node Feature Discovery's `features.d`:
/// one `key[=value]` per line (a key alone means `true`), `#` comments, and the directive
/// `# +expiry-time=RFC3339` after which the whole file is ignored. Pure: the caller reads the file.
public struct DropInFile: Sendable {
    /// The labels of the file, in order, as (name, value, line number).
    public var labels: [(name: String, value: String, line: Int)]
    /// The expiry time (seconds since the epoch), if the file sets one. An expiry that cannot be
    /// read counts as already passed: a file meant to expire must not become permanent.
    public var expiry: Int64?
    /// Lines that could not be used, with the reason.
    public var problems: [(line: Int, reason: String)]

    /// Parses `text`; `prefix` turns keys without `/` into full keys for validation.
    public init(parsing text: String, prefix: LabelPrefix) {
        labels = []
        problems = []
        expiry = nil
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in lines.enumerated() {
            let line = index + 1
            let content = raw.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
            let text = String(content)
            if text.isEmpty { continue }
            if text.hasPrefix("#") {
                let directive = text.dropFirst().drop { $0 == " " }
                if directive.hasPrefix("+expiry-time=") {
                    let value = String(directive.dropFirst("+expiry-time=".count))
                    if let seconds = RFC3339.seconds(value) {
                        expiry = seconds
                    } else {
                        expiry = Int64.min
                        problems.append((line, "\"\(value)\" is not an RFC 3339 time; the file is ignored"))
                    }
                }
                continue
            }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count == 2 ? String(parts[1]) : "true"
            let key = name.contains("/") ? name : prefix.key(name)
            if !LabelSyntax.isValidKey(key) {
                problems.append((line, "\"\(key)\" is not a valid label key"))
            } else if let slash = key.firstIndex(of: "/"), LabelSyntax.isReservedDomain(String(key[..<slash])) {
                problems.append((line, "\"\(key)\" is under kubernetes.io or k8s.io, which belong to Kubernetes"))
            } else if !LabelSyntax.isValidValue(value) {
                problems.append((line, "\"\(value)\" is not a valid label value"))
            } else {
                labels.append((name, value, line))
            }
        }
    }

    /// Whether the file has expired at `now` (seconds since the epoch).
    public func isExpired(at now: Int64) -> Bool { expiry.map { $0 <= now } ?? false }
}
