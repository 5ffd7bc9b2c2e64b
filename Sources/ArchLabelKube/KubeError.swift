/// A failure talking to the Kubernetes API, typed by `code` so that callers can decide
/// (retry, wait, give up), with a one-line `message` that names the HTTP status, the server's
/// own message and what to do. New codes can be added without breaking callers.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Credentials missing, unreadable or invalid (nothing was sent).
        public static let credentials = Code("credentials")
        /// 401: the server did not accept the identity.
        public static let unauthorized = Code("unauthorized")
        /// 403: the identity may not do this (RBAC, the Node authorizer, NodeRestriction).
        public static let forbidden = Code("forbidden")
        /// 404: the Node is not registered (yet).
        public static let nodeNotFound = Code("nodeNotFound")
        /// 409: the Node changed since it was read.
        public static let conflict = Code("conflict")
        /// 422: the server rejected the labels; `causes` says which.
        public static let invalid = Code("invalid")
        /// 429: slow down; see `retryAfter`.
        public static let tooManyRequests = Code("tooManyRequests")
        /// 5xx.
        public static let serverError = Code("serverError")
        /// Any other HTTP status.
        public static let unexpectedStatus = Code("unexpectedStatus")
        /// The server could not be reached or the connection broke.
        public static let transport = Code("transport")
        /// The server's certificate is not signed by the configured CA.
        public static let untrustedServer = Code("untrustedServer")
        /// The server's certificate does not name the host in the server URL.
        public static let hostnameMismatch = Code("hostnameMismatch")
        /// The server's certificate has expired (or is not valid yet).
        public static let serverCertificateExpired = Code("serverCertificateExpired")
        /// Our client certificate has expired (or is not valid yet).
        public static let clientCertificateExpired = Code("clientCertificateExpired")
        /// Another TLS handshake failure (e.g. the server rejected our certificate).
        public static let tlsHandshake = Code("tlsHandshake")
        /// The server answered with something that is not a Node.
        public static let invalidResponse = Code("invalidResponse")
        /// The work was cancelled (shutdown); not a failure of the API.
        public static let cancelled = Code("cancelled")
    }

    /// The kind of failure.
    public let code: Code
    /// One line: what happened, the server's words, what to do.
    public let message: String
    /// The HTTP status, when there was a response.
    public let httpStatus: Int?
    /// The server's `Retry-After`, when given.
    public let retryAfter: Duration?
    /// The server's causes for a 422.
    public let causes: [String]

    /// Creates an error.
    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil, causes: [String] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.causes = causes
    }

    public var description: String { message }

    /// The same error with `advice` appended to its message.
    func appending(_ advice: String) -> KubeError {
        KubeError(code, "\(message); \(advice)", httpStatus: httpStatus, retryAfter: retryAfter, causes: causes)
    }

    /// True for failures that may go away by themselves (429, 5xx, network), which callers retry
    /// with backoff.
    public var isTransient: Bool {
        [.tooManyRequests, .serverError, .transport].contains(code)
    }
}
