import ArchLabelCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A small, typed client for the one object archlabeld touches: its own Node. GET and JSON
/// merge-PATCH over AsyncHTTPClient, TLS material re-read for each request, error responses
/// decoded into `KubeError`s that say what to do.
public struct NodeClient: Sendable {
    /// Where and as whom to connect.
    public let access: ClusterAccess
    /// The HTTP client; its owner shuts it down.
    public let httpClient: HTTPClient
    /// The deadline for one request.
    public let requestTimeout: TimeAmount

    /// Error bodies and Node objects larger than this are refused.
    static let responseLimit = 16 << 20

    /// Creates a client over `httpClient` (see `makeHTTPClient()`).
    public init(access: ClusterAccess, httpClient: HTTPClient, requestTimeout: TimeAmount = .seconds(30)) {
        self.access = access
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
    }

    /// An HTTP client suited to the API server: short connect timeout, no redirects, no proxy,
    /// and no silent retries of failed connections: `Publisher` retries transient failures
    /// itself, with backoff, and a TLS misconfiguration fails at once with its diagnosis.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        // The read timeout is the longest silence allowed between bytes. A watch on a quiet Node
        // may hear nothing but a bookmark about once a minute, so it is well above that and
        // above a watch's own length; single requests have their own deadline (`requestTimeout`).
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15 * 60))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Who the credentials say we are, as the error messages name it.
    public func identity() throws(KubeError) -> String {
        try ConnectionSecurity.load(access).identity
    }

    /// Reads Node `name`.
    public func node(_ name: String) async throws(KubeError) -> NodeLabelState {
        let body = try await send(.GET, path: "/api/v1/nodes/\(name)", node: name, body: nil)
        return try decodeNode(body)
    }

    /// Applies a JSON merge patch (RFC 7386) to Node `name` and returns the Node after it.
    public func patch(_ name: String, mergePatch: JSONValue) async throws(KubeError) -> NodeLabelState {
        let text = mergePatch.serialized(indent: 0)
        let body = try await send(.PATCH, path: "/api/v1/nodes/\(name)", node: name, body: Array(text.utf8))
        return try decodeNode(body)
    }

    private func decodeNode(_ body: [UInt8]) throws(KubeError) -> NodeLabelState {
        guard let node = NodeObject.decode(body) else {
            throw KubeError(.invalidResponse, "the API server \(access.server) answered with something that is not a Node object")
        }
        return node.labelState
    }

    /// A request for `path` on the server, with the current TLS material and credentials.
    func request(_ method: HTTPMethod, path: String, node: String) throws(KubeError) -> (HTTPClientRequest, ConnectionSecurity) {
        guard LabelSyntax.isValidPrefixDomain(node) else {
            throw KubeError(.credentials, "\"\(node)\" is not a valid node name (a lower-case DNS name); check --node-name")
        }
        let security = try ConnectionSecurity.load(access)
        var request = HTTPClientRequest(url: access.server + path)
        request.method = method
        request.tlsConfiguration = security.tls
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "archlabeld")
        if let authorization = security.authorization {
            request.headers.add(name: "Authorization", value: authorization)
        }
        return (request, security)
    }

    private func send(_ method: HTTPMethod, path: String, node: String, body: [UInt8]?) async throws(KubeError) -> [UInt8] {
        var (request, security) = try request(method, path: path, node: node)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/merge-patch+json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            response = try await httpClient.execute(request, timeout: requestTimeout)
            let buffer = try await response.body.collect(upTo: NodeClient.responseLimit)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw await TransportErrors.error(error, access: access, security: security)
        }
        guard (200..<300).contains(response.status.code) else {
            throw ResponseErrors.error(
                status: response.status, headers: response.headers, body: bytes,
                node: node, security: security, access: access)
        }
        return bytes
    }
}

extension NodeClient {
    /// Runs `body` with a client over a fresh HTTP client that is shut down afterwards.
    public static func withClient<Result: Sendable>(
        access: ClusterAccess, requestTimeout: TimeAmount = .seconds(30),
        _ body: (NodeClient) async throws(KubeError) -> Result
    ) async throws(KubeError) -> Result {
        let httpClient = makeHTTPClient()
        let result: Swift.Result<Result, KubeError>
        do {
            result = .success(try await body(NodeClient(access: access, httpClient: httpClient, requestTimeout: requestTimeout)))
        } catch {
            result = .failure(error)
        }
        try? await httpClient.shutdown()
        return try result.get()
    }
}
