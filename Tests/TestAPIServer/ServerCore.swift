import ArchLabelCore
import Foundation
import NIOCore
import Synchronization

/// A request as the connection handler hands it over: fully read, with the TLS peer's identity.
struct IncomingRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [String: String]
    var body: [UInt8]
    var bodyTooLarge: Bool
    var connectionID: Int
    var clientCertificate: ClientCertificate?

    /// Whether the query asks for a watch (`watch=1`, `watch=true`, …), whatever the path.
    var isWatch: Bool { WatchRequest.isWatch(QueryString(query)) }

    /// What the TLS layer verified about the client.
    struct ClientCertificate: Sendable {
        var subject: CertificateSubject?
        var serial: String
    }
}

/// An answer: status, extra headers, body (Content-Length and Connection are the handler's).
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: value.bytes)
    }

    static func failure(_ error: APIError) -> HTTPResponse {
        var response = json(error.status, status: error.code)
        if let seconds = error.retryAfterSeconds { response.headers.append(("Retry-After", String(seconds))) }
        return response
    }
}

/// What the connection handler does with a request.
enum RequestAction: Sendable {
    case respond(HTTPResponse)
    /// Stream watch events (`ServerCore.openWatch`).
    case watch(WatchRequest)
    /// Close the connection without answering.
    case drop
    /// Wait, then answer with `ServerCore.handle`.
    case wait(Duration)
}

/// Everything behind the socket: configuration, the locked state, authentication, recording,
/// faults and hooks. Routing is in `ServerCore+Routes.swift`.
final class ServerCore: Sendable {
    static let bodyLimit = 3 * 1024 * 1024

    struct State {
        var store = NodeStore()
        var requests: [RecordedRequest] = []
        var interventions = PendingInterventions()
        var connections: [Int: any Channel] = [:]
        var connectionCount = 0
    }

    let configuration: TestAPIServer.Configuration
    let authorization: Authorization
    let state = Mutex(State())

    init(configuration: TestAPIServer.Configuration) {
        self.configuration = configuration
        authorization = Authorization(
            authorizedUsers: configuration.authorizedUsers, authorizedGroups: configuration.authorizedGroups,
            nodeVerbsByUser: configuration.nodeVerbsByUser)
    }

    /// Numbers a new connection and keeps it until it closes, so shutdown can close it.
    func register(_ channel: any Channel) -> Int {
        let id = state.withLock { state in
            state.connectionCount += 1
            state.connections[state.connectionCount] = channel
            return state.connectionCount
        }
        channel.closeFuture.whenComplete { _ in _ = self.state.withLock { $0.connections.removeValue(forKey: id) } }
        return id
    }

    /// Runs the hooks waiting for this request, then applies the first matching fault or handles it.
    func receive(_ request: IncomingRequest) -> RequestAction {
        let hooks = state.withLock { $0.interventions.takeHooks(for: request) }
        for hook in hooks { hook.action() }
        let fault = state.withLock { $0.interventions.takeFault(for: request) }
        switch fault {
        case .status(let code, let message, let retryAfterSeconds):
            let response = HTTPResponse.failure(.injected(code: code, message: message, retryAfterSeconds: retryAfterSeconds))
            record(request, user: try? authenticate(request).user, status: response.status)
            return .respond(response)
        case .dropConnection:
            record(request, user: try? authenticate(request).user, status: nil)
            return .drop
        case .delay(let duration):
            return .wait(duration)
        case nil:
            return handle(request)
        }
    }

    /// Authenticates, routes and records one request: `.respond`, or `.watch` for a watch that
    /// passed its checks (recorded once it opens).
    func handle(_ request: IncomingRequest) -> RequestAction {
        var user: String?
        let response: HTTPResponse
        do throws(APIError) {
            guard !request.bodyTooLarge else { throw .tooLarge(limit: Self.bodyLimit) }
            let identity = try authenticate(request)
            user = identity.user
            if let watch = try watchRequest(request, identity: identity) { return .watch(watch) }
            response = try route(request, identity: identity)
        } catch {
            response = .failure(error)
        }
        record(request, user: user, status: response.status)
        return .respond(response)
    }

    /// x509 client certificate (CN = user, O = groups) first, then a bearer token; neither is
    /// anonymous, and an unknown token is 401 — kube-apiserver's order and answers.
    func authenticate(_ request: IncomingRequest) throws(APIError) -> TestAPIServer.Identity {
        if let subject = request.clientCertificate?.subject, let user = subject.commonName, !user.isEmpty {
            return TestAPIServer.Identity(user: user, groups: subject.organizations + ["system:authenticated"])
        }
        if let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") {
            let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            if !token.isEmpty {
                guard var identity = configuration.tokens[token] else { throw .unauthorized }
                if !identity.groups.contains("system:authenticated") { identity.groups.append("system:authenticated") }
                return identity
            }
        }
        return .anonymous
    }

    private func record(_ request: IncomingRequest, user: String?, status: Int?) {
        let recorded = RecordedRequest(request, user: user, status: status)
        state.withLock { $0.requests.append(recorded) }
    }
}

extension RecordedRequest {
    /// The record of `request`, answered with `status` (nil: dropped) for `user`.
    init(_ request: IncomingRequest, user: String?, status: Int?) {
        self.init(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            contentType: request.headers["content-type"], body: String(decoding: request.body, as: UTF8.self),
            user: user, clientCertificateSerial: request.clientCertificate?.serial,
            connectionID: request.connectionID, status: status)
    }
}
