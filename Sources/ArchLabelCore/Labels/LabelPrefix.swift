/// The prefix put before every built-in label name: `archlabeld.io/` by default, or empty for
/// bare keys. Validated once, so every key built from it is valid when the name is.
public struct LabelPrefix: Sendable, Equatable, CustomStringConvertible {
    public static let `default` = LabelPrefix(unchecked: "archlabeld.io/")

    /// The prefix as written before names, with its trailing `/` (or empty).
    public let rawValue: String

    /// Why a prefix was refused.
    public struct InvalidPrefix: Error, Equatable, CustomStringConvertible {
        public var prefix: String
        public var reason: String
        public var description: String { "invalid label prefix \"\(prefix)\": \(reason)" }
    }

    /// Accepts `""`, `example.com/` and `example.com` (a missing `/` is added).
    public init(_ text: String) throws(InvalidPrefix) {
        guard !text.isEmpty else {
            rawValue = ""
            return
        }
        let domain = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard LabelSyntax.isValidPrefixDomain(domain) else {
            throw InvalidPrefix(prefix: text, reason: "must be a lower-case DNS subdomain of at most 253 characters, e.g. archlabeld.io/")
        }
        guard !LabelSyntax.isReservedDomain(domain) else {
            throw InvalidPrefix(prefix: text, reason: "kubernetes.io and k8s.io are reserved for Kubernetes (NodeRestriction forbids nodes to write most of them)")
        }
        rawValue = domain + "/"
    }

    private init(unchecked: String) { rawValue = unchecked }

    public func key(_ name: String) -> String { rawValue + name }

    public var description: String { rawValue }
}
