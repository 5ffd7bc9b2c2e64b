import ArchLabelKube
import ArchLabelProbes
import Foundation
import TestAPIServer
import TestSupport

/// Starts the test API server with the test PKI and builds access parameters for it.
enum APIHarness {
    /// Tokens the server knows: a node token for pi4 and an administrator's.
    static let tokens: [String: TestAPIServer.Identity] = [
        "pi4-node-token": .node("pi4"),
        "admin-token": TestAPIServer.Identity(user: "admin", groups: ["system:masters"]),
    ]

    /// Runs `body` against a fresh server presenting `serverCertificate` (a PKI name), or over
    /// plain HTTP when `tls` is false; the server is shut down afterwards.
    static func withServer(
        serverCertificate: String = "server", tls: Bool = true, nodes: [String] = ["pi4"],
        _ body: (TestAPIServer) async throws -> Void
    ) async throws {
        let configuration = TestAPIServer.Configuration(
            tls: tls ? TestAPIServer.TLS(
                certificateChainPath: KubeconfigWriter.pki("\(serverCertificate).pem"),
                privateKeyPath: KubeconfigWriter.pki("\(serverCertificate).key"),
                clientCAPath: KubeconfigWriter.pki("ca.pem")) : nil,
            tokens: tokens)
        try await TestAPIServer.serving(configuration) { server in
            for node in nodes { server.registerNode(node) }
            try await body(server)
        }
    }

    /// Access as node pi4 with an EC client certificate (or `certificate`/`key` PKI names),
    /// trusting `ca`.
    static func nodeAccess(
        _ server: TestAPIServer, certificate: String = "node-pi4-ec.pem", key: String = "node-pi4-ec.key",
        ca: String = "ca.pem"
    ) throws -> ClusterAccess {
        let root = try HostRoot(path: "/")
        return ClusterAccess(
            source: "test", server: server.url,
            certificateAuthority: .file(KubeconfigWriter.pki(ca), root: root),
            clientCertificate: .file(KubeconfigWriter.pki(certificate), root: root),
            clientKey: .file(KubeconfigWriter.pki(key), root: root))
    }

    /// Publishes `desired` to `node` with the default ownership record, through a fresh client.
    static func publish(
        _ desired: [String: String], node: String = "pi4", access: ClusterAccess,
        policy: Publisher.Policy = fastPolicy
    ) async throws -> Publisher.Outcome {
        try await NodeClient.withClient(access: access) { (client) throws(KubeError) in
            try await Publisher(client: client, policy: policy)
                .publish(node: node, annotationKey: "archlabeld.io/managed-labels") { _ in desired }
        }
    }

    /// Retries with short delays, so that tests of retry paths stay quick.
    static var fastPolicy: Publisher.Policy {
        var policy = Publisher.Policy()
        policy.backoff = Backoff(base: .milliseconds(20), cap: .milliseconds(200))
        policy.registrationWait = .seconds(5)
        return policy
    }
}
