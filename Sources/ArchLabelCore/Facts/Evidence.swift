/// Where a fact came from: the host location that was read (a path as seen from the root, or a
/// live source such as `uname(2)`) and what was found there.
public struct Evidence: Sendable, Hashable, CustomStringConvertible {
    /// The location: `/proc/cpuinfo`, `/sys/class/dmi/id/sys_vendor`, `uname(2)`, `CPUID 0x40000000`.
    public var source: String
    /// What was found there, short and printable: `Revision = d03114`, `exists`.
    public var detail: String

    public init(_ source: String, _ detail: String) {
        self.source = source
        self.detail = Evidence.printable(detail)
    }

    public var description: String { detail.isEmpty ? source : "\(source): \(detail)" }

    /// Evidence text shown to people: control characters become `?`, long values are cut, so that
    /// a hostile file cannot garble a terminal or a log line.
    static func printable(_ raw: String, limit: Int = 120) -> String {
        var out = ""
        var count = 0
        for scalar in raw.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            let isControl = scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
            out.unicodeScalars.append(isControl ? "?" : scalar)
            count += 1
        }
        return out
    }
}

/// A typed fact together with the evidence that established it.
public struct Fact<Value: Sendable>: Sendable {
    public var value: Value
    public var evidence: [Evidence]

    public init(_ value: Value, _ evidence: [Evidence]) {
        self.value = value
        self.evidence = evidence
    }

    public init(_ value: Value, _ evidence: Evidence) {
        self.init(value, [evidence])
    }
}

extension Fact: Equatable where Value: Equatable {}

/// Something a probe could not read or understand; shown with the dry-run output and logged,
/// never fatal.
public struct ProbeWarning: Sendable, Hashable, CustomStringConvertible {
    /// The location concerned, as in ``Evidence/source``.
    public var source: String
    /// What went wrong, in words a user can act on.
    public var message: String

    public init(_ source: String, _ message: String) {
        self.source = source
        self.message = Evidence.printable(message, limit: 200)
    }

    public var description: String { "\(source): \(message)" }
}
