/// Everything needed to reach the API server as one identity: the server, how to trust it,
/// and how to authenticate. Material is referenced, not loaded, so that files are re-read for
/// every new connection.
public struct ClusterAccess: Sendable {
    /// How a bearer token is supplied.
    public enum Token: Sendable {
        /// A token written in the kubeconfig.
        case inline(String, origin: String)
        /// A token file (`tokenFile`, a service account's projected token), re-read per request.
        case file(CredentialMaterial)
    }

    /// Where these credentials were found ("kubeconfig /etc/rancher/k3s/k3s.yaml").
    public var source: String
    /// The server's base URL, without a trailing slash.
    public var server: String
    /// The CA bundle to trust; nil means the system's roots.
    public var certificateAuthority: CredentialMaterial?
    /// Skip server verification: only when the kubeconfig says so, always with a warning.
    public var insecureSkipTLSVerify: Bool
    /// The client certificate (chain) for mutual TLS.
    public var clientCertificate: CredentialMaterial?
    /// The client certificate's private key.
    public var clientKey: CredentialMaterial?
    /// A bearer token.
    public var token: Token?

    /// Creates access parameters.
    public init(
        source: String, server: String, certificateAuthority: CredentialMaterial? = nil,
        insecureSkipTLSVerify: Bool = false, clientCertificate: CredentialMaterial? = nil,
        clientKey: CredentialMaterial? = nil, token: Token? = nil
    ) {
        self.source = source
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.token = token
    }

    /// True for `https://` servers.
    public var usesTLS: Bool { ServerAddress(server)?.usesTLS ?? false }

    /// The bearer token's current value, re-read from its file each time. Surrounding white space
    /// is dropped; a token with anything but visible ASCII inside is refused, naming where it came
    /// from and never its value (it would otherwise end up in an HTTP header error).
    func currentToken() throws(CredentialError) -> String? {
        let text: String
        let origin: String
        switch token {
        case nil: return nil
        case .inline(let value, let source): (text, origin) = (value, source)
        case .file(let material): (text, origin) = (String(decoding: try material.read(), as: UTF8.self), material.origin)
        }
        let trimmed = text.utf8.drop { $0 <= 0x20 }.reversed().drop { $0 <= 0x20 }.reversed()
        guard !trimmed.isEmpty else { throw CredentialError("the bearer token (\(origin)) is empty") }
        guard trimmed.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw CredentialError("the bearer token (\(origin)) contains spaces, control or non-ASCII characters; it is not a token")
        }
        return String(decoding: Array(trimmed), as: UTF8.self)
    }

    /// How the token identifies us, for error messages (never the token itself).
    var tokenDescription: String? {
        switch token {
        case nil: return nil
        case .inline(_, let origin): return "bearer token from \(origin)"
        case .file(let material): return "bearer token from \(material.origin)"
        }
    }
}
