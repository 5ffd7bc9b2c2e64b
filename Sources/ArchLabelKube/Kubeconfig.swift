import ArchLabelYAML
import FoundationEssentials

/// The parts of a kubeconfig file that archlabeld uses, as written: clusters, users and contexts
/// by name, and the current context. Unknown keys are ignored (kubeconfigs carry extensions and
/// preferences); a known key of the wrong type is an error naming file, line and key path.
public struct Kubeconfig: Sendable, Equatable {
    /// A cluster entry.
    public struct Cluster: Sendable, Equatable {
        /// `server`: `https://host:port` or `http://host:port`, optionally with a path.
        public var server: String
        /// `certificate-authority`: a PEM file path as written (may be relative).
        public var certificateAuthority: String?
        /// `certificate-authority-data`: PEM bytes, already base64-decoded.
        public var certificateAuthorityData: [UInt8]?
        /// `insecure-skip-tls-verify`.
        public var insecureSkipTLSVerify: Bool
    }

    /// A user (credentials) entry.
    public struct User: Sendable, Equatable {
        /// `client-certificate`: a PEM file (may hold a chain) as written.
        public var clientCertificate: String?
        /// `client-certificate-data`, base64-decoded.
        public var clientCertificateData: [UInt8]?
        /// `client-key`: a PEM key file as written.
        public var clientKey: String?
        /// `client-key-data`, base64-decoded.
        public var clientKeyData: [UInt8]?
        /// `token`: a bearer token.
        public var token: String?
        /// `tokenFile`: a file holding the bearer token, re-read for every request.
        public var tokenFile: String?
    }

    /// A context entry: which cluster with which user.
    public struct Context: Sendable, Equatable {
        /// The cluster's name.
        public var cluster: String
        /// The user's name; empty means no credentials.
        public var user: String
    }

    /// `current-context`.
    public var currentContext: String?
    /// Clusters by name.
    public var clusters: [String: Cluster]
    /// Users by name.
    public var users: [String: User]
    /// Contexts by name.
    public var contexts: [String: Context]

    /// Parses a kubeconfig document (YAML or JSON); `file` names it in errors.
    public init(parsing bytes: [UInt8], file: String) throws(YAMLError) {
        guard let root = try YAMLParser.parse(bytes, file: file) else {
            throw YAMLError(file: file, mark: nil, message: "the kubeconfig is empty")
        }
        let document = try YAMLValue(root: root, file: file).mapping()
        currentContext = try document["current-context"]?.string()
        clusters = try Kubeconfig.namedEntries(document, "clusters", "cluster") { (map) throws(YAMLError) in
            Cluster(
                server: try map.require("server").string(),
                certificateAuthority: try map["certificate-authority"]?.string(),
                certificateAuthorityData: try Kubeconfig.base64(map["certificate-authority-data"]),
                insecureSkipTLSVerify: try map["insecure-skip-tls-verify"]?.bool() ?? false
            )
        }
        users = try Kubeconfig.namedEntries(document, "users", "user") { (map) throws(YAMLError) in
            User(
                clientCertificate: try map["client-certificate"]?.string(),
                clientCertificateData: try Kubeconfig.base64(map["client-certificate-data"]),
                clientKey: try map["client-key"]?.string(),
                clientKeyData: try Kubeconfig.base64(map["client-key-data"]),
                token: try map["token"]?.string(),
                tokenFile: try map["tokenFile"]?.string()
            )
        }
        contexts = try Kubeconfig.namedEntries(document, "contexts", "context") { (map) throws(YAMLError) in
            Context(cluster: try map.require("cluster").string(), user: try map["user"]?.string() ?? "")
        }
    }

    /// Reads `list` as `[{name: N, <field>: {...}}]` into a dictionary; duplicate names are errors.
    private static func namedEntries<Entry>(
        _ document: YAMLMap, _ list: String, _ field: String,
        _ read: (YAMLMap) throws(YAMLError) -> Entry
    ) throws(YAMLError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for item in try document[list]?.list() ?? [] {
            let map = try item.mapping()
            let name = try map.require("name").string()
            if entries[name] != nil {
                let duplicate: YAMLError = item.error("a second \(field) named \"\(name)\"")
                throw duplicate
            }
            entries[name] = try read(try map.require(field).mapping())
        }
        return entries
    }

    /// Decodes a `*-data` field: standard base64, whitespace ignored, anything else an error.
    private static func base64(_ value: YAMLValue?) throws(YAMLError) -> [UInt8]? {
        guard let value else { return nil }
        let text = try value.string().filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: text), !data.isEmpty else {
            throw value.error("not valid base64")
        }
        return Array(data)
    }
}
