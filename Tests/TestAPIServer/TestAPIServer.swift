import ArchLabelCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A kube-apiserver look-alike for Node objects on 127.0.0.1, in memory, over HTTP/1.1 with
/// keep-alive and (optionally) TLS with client certificates. It authenticates, authorizes
/// (Node authorizer, NodeRestriction, an RBAC subset), validates and answers errors as the real
/// server does, records every request, and injects faults on demand. Endpoints and error bodies:
/// `ServerCore+Routes.swift`, `APIError.swift`; watches: `ServerCore+Watch.swift`.
public final class TestAPIServer: Sendable {
    private let core: ServerCore
    private let listener: any Channel
    /// The port the server listens on.
    public let port: Int

    private init(core: ServerCore, listener: any Channel, port: Int) {
        self.core = core
        self.listener = listener
        self.port = port
    }

    /// `https://127.0.0.1:PORT`, or `http://` without TLS.
    public var url: String { (core.configuration.tls == nil ? "http" : "https") + "://127.0.0.1:\(port)" }

    /// Binds and starts serving; returns once the socket listens.
    public static func start(_ configuration: Configuration) async throws -> TestAPIServer {
        let sslContext = try configuration.tls.map(makeSSLContext)
        let core = ServerCore(configuration: configuration)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = core.register(channel)
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext { try pipeline.addHandler(NIOSSLServerHandler(context: sslContext)) }
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(HTTPConnectionHandler(core: core, connectionID: id))
                }
            }
            .bind(host: "127.0.0.1", port: configuration.port).get()
        guard let port = listener.localAddress?.port else { throw StartError.noLocalAddress }
        return TestAPIServer(core: core, listener: listener, port: port)
    }

    /// Why `start` failed beyond NIO's own errors.
    public enum StartError: Error {
        case noLocalAddress
    }

    private static func makeSSLContext(_ tls: TLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        if let clientCAPath = tls.clientCAPath {
            // Ask for a certificate, verify one that is sent, accept clients that send none.
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .file(clientCAPath)
            configuration.sendCANameList = true
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Stops listening, ends every open watch and closes every open connection.
    public func shutdown() async throws {
        try await listener.close()
        core.endWatches()
        let connections = core.state.withLock { Array($0.connections.values) }
        for connection in connections { try? await connection.close() }
    }

    // MARK: the node store

    /// Registers (or re-registers) a node as its kubelet would: the kubelet's labels
    /// `kubernetes.io/hostname=NAME`, `kubernetes.io/arch=arm64`, `kubernetes.io/os=linux`,
    /// overridden by `labels`.
    public func registerNode(_ name: String, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        core.state.withLock { $0.store.register(name, labels: labels, annotations: annotations) }
    }

    /// Deletes a node (a DELETED event with a new resourceVersion); nothing for an unknown one.
    public func deleteNode(_ name: String) {
        core.state.withLock { $0.store.delete(name) }
    }

    /// Node `name` as stored, nil when it is not registered.
    public func node(_ name: String) -> StoredNode? {
        core.state.withLock { $0.store.nodes[name] }
    }

    /// Another actor's write (a controller, a human with kubectl): applies `change` and bumps the
    /// resourceVersion even if nothing changed. Does nothing for an unknown node.
    public func updateNode(_ name: String, _ change: (inout StoredNode) -> Void) {
        core.state.withLock { $0.store.update(name, change) }
    }

    /// The current global resourceVersion.
    public var resourceVersion: Int { core.state.withLock { $0.store.resourceVersion } }

    /// Every write to the store in order, as a watch replays it (also those `compact()` put out
    /// of a watch's reach).
    public var events: [NodeEvent] { core.state.withLock { $0.store.events } }

    // MARK: watches

    /// The watch streams open now (counted from the moment a watch is recorded in `requests`
    /// until it ends or its connection closes).
    public var openWatchCount: Int { core.state.withLock { $0.store.watchers.count } }

    /// Ends every open watch cleanly after the events already sent to it (terminating chunk;
    /// the connection stays open), as when the API server restarts or a watch's timeout hits.
    public func endWatches() {
        core.endWatches()
    }

    /// Makes every resourceVersion up to the current one too old for new watches, as etcd's
    /// compaction does: a watch from one of them gets an ERROR event with a 410 Expired Status.
    /// Also advances `resourceVersion` by one (another object's write in the cluster, no node
    /// event), so that a list afterwards gives a resourceVersion a new watch may start from.
    /// Open watches go on.
    public func compact() {
        core.state.withLock { $0.store.compact() }
    }

    // MARK: observation

    /// Every request answered or dropped so far, in order.
    public var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// The PATCH, PUT, POST and DELETE requests among `requests`.
    public var writes: [RecordedRequest] { requests.filter(\.isWrite) }

    // MARK: fault injection

    /// Makes the next `times` requests matching `matcher` fail with `fault`. Faults are used up
    /// in the order they were injected; a request meets at most one.
    public func inject(_ fault: Fault, on matcher: RequestMatcher = .any, times: Int = 1) {
        core.state.withLock { $0.interventions.add(fault, matcher: matcher, times: times) }
    }

    /// Runs `action` once, just before the next request matching `matcher` is handled (before
    /// its faults), e.g. another actor's `updateNode` that makes a PATCH with a resourceVersion
    /// precondition conflict.
    public func beforeNextRequest(matching matcher: RequestMatcher, _ action: @escaping @Sendable (TestAPIServer) -> Void) {
        let hook = PendingInterventions.Hook(matcher: matcher) { [weak self] in
            if let self { action(self) }
        }
        core.state.withLock { $0.interventions.add(hook) }
    }
}

extension TestAPIServer {
    /// Starts a server, runs `body` against it and shuts it down afterwards, also when `body` throws.
    public static func serving<Result>(
        _ configuration: Configuration, _ body: (TestAPIServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(configuration)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
