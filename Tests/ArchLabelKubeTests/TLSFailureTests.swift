import ArchLabelKube
import ArchLabelProbes
import Foundation
import Testing
import TestAPIServer
import TestSupport

/// Credentials that must not work, each with its specific error, and nothing written.
@Suite struct TLSFailureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var serverCertificate = "server"
        var certificate = "node-pi4-ec.pem"
        var key = "node-pi4-ec.key"
        var ca = "ca.pem"
        var code: KubeError.Code
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "wrong node identity", certificate: "node-other.pem", key: "node-other.key", code: .forbidden,
             message: "These are the credentials of node \"other\", and a node may only change its own Node object"),
        Case(name: "wrong CA", ca: "other-ca.pem", code: .untrustedServer,
             message: "is not signed by the CA in "),
        Case(name: "expired server certificate", serverCertificate: "server-expired", code: .serverCertificateExpired,
             message: "expired at 2020-01-02T00:00:00Z"),
        Case(name: "server certificate for another host", serverCertificate: "server-wronghost", code: .hostnameMismatch,
             message: "is not valid for host 127.0.0.1"),
        Case(name: "expired client certificate", certificate: "node-pi4-expired.pem", key: "node-pi4-expired.key",
             code: .clientCertificateExpired, message: "expired at 2020-01-02T00:00:00Z"),
        Case(name: "client certificate from an untrusted CA", certificate: "node-pi4-other-ca.pem", key: "node-pi4-other-ca.key",
             code: .tlsHandshake, message: "the server may not accept client certificate CN=system:node:pi4, O=system:nodes"),
        Case(name: "key that does not belong to the certificate", key: "node-pi4-rotated.key", code: .credentials,
             message: "does not belong to the certificate"),
    ]

    @Test(arguments: cases)
    func failsSpecifically(_ failure: Case) async throws {
        try await APIHarness.withServer(serverCertificate: failure.serverCertificate) { server in
            let access = try APIHarness.nodeAccess(server, certificate: failure.certificate, key: failure.key, ca: failure.ca)
            do {
                _ = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: access)
                Issue.record("expected \(failure.code)")
            } catch let error as KubeError {
                #expect(error.code == failure.code, "\(error)")
                #expect(error.message.contains(failure.message), "\(error)")
            }
            #expect(server.writes.filter { $0.status == 200 }.isEmpty)
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == nil)
        }
    }

    @Test func forbiddenKubernetesIOLabelsNameNodeRestriction() async throws {
        try await APIHarness.withServer { server in
            do {
                _ = try await APIHarness.publish(["node-restriction.kubernetes.io/x": "y"], access: try APIHarness.nodeAccess(server))
                Issue.record("expected 403")
            } catch let error as KubeError {
                #expect(error.code == .forbidden)
                #expect(error.message.hasPrefix("HTTP 403 Forbidden: "), "\(error)")
                #expect(error.message.contains("may not set labels under kubernetes.io/ or k8s.io/ (NodeRestriction)"), "\(error)")
                #expect(error.message.contains("identity: client certificate CN=system:node:pi4, O=system:nodes"), "\(error)")
            }
        }
    }

    @Test func anUnknownTokenIsA401NamingTheIdentity() async throws {
        try await APIHarness.withServer { server in
            var access = try APIHarness.nodeAccess(server)
            access.clientCertificate = nil
            access.clientKey = nil
            access.token = .inline("stolen", origin: "token in /etc/rancher/k3s/k3s.yaml")
            do {
                _ = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: access)
                Issue.record("expected 401")
            } catch let error as KubeError {
                #expect(error.code == .unauthorized)
                #expect(error.message.contains("did not accept bearer token from token in /etc/rancher/k3s/k3s.yaml"), "\(error)")
                #expect(!error.message.contains("stolen"))
            }
        }
    }

    @Test func aRotatedClientCertificateIsUsedOnTheNextConnection() async throws {
        try await APIHarness.withServer { server in
            let directory = Fixtures.temporaryDirectory("archlabeld-rotation")
            defer { Fixtures.remove(directory) }
            let certificate = try KubeconfigWriter.copy("node-pi4-ec.pem", to: "client-kubelet.crt", in: directory)
            let key = try KubeconfigWriter.copy("node-pi4-ec.key", to: "client-kubelet.key", in: directory)
            let root = try HostRoot(path: "/")
            let access = ClusterAccess(
                source: "test", server: server.url, certificateAuthority: .file(KubeconfigWriter.pki("ca.pem"), root: root),
                clientCertificate: .file(certificate, root: root), clientKey: .file(key, root: root))
            try await NodeClient.withClient(access: access) { (client) throws(KubeError) in
                _ = try await client.node("pi4")
                _ = try await client.node("pi4")
                do {
                    try KubeconfigWriter.copy("node-pi4-rotated.pem", to: "client-kubelet.crt", in: directory)
                    try KubeconfigWriter.copy("node-pi4-rotated.key", to: "client-kubelet.key", in: directory)
                } catch {
                    Issue.record("cannot rotate: \(error)")
                }
                _ = try await client.node("pi4")
            }
            let requests = server.requests
            #expect(requests.count == 3)
            let serials = requests.map(\.clientCertificateSerial)
            #expect(serials[0] != nil && serials[0] == serials[1], "unchanged material reuses the connection's certificate")
            #expect(requests[0].connectionID == requests[1].connectionID, "unchanged material keeps the pooled connection")
            #expect(serials[2] != nil && serials[2] != serials[0], "the rotated certificate is presented")
            #expect(requests[2].connectionID != requests[0].connectionID)
        }
    }
}

/// Secrets and server text in errors: a token never appears, server text is made one line.
@Suite struct ErrorTextTests {
    @Test(arguments: ["abc\ndef", "abc def", "tok\u{7}en", "tökén", "  \n "])
    func malformedTokensAreRefusedWithoutShowingThem(token: String) async throws {
        try await APIHarness.withServer { server in
            var access = try APIHarness.nodeAccess(server)
            access.token = .inline(token, origin: "token in /k.yaml")
            do {
                _ = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: access)
                Issue.record("expected a credentials error")
            } catch let error as KubeError {
                #expect(error.code == .credentials)
                #expect(error.message.hasPrefix("the bearer token (token in /k.yaml) "), "\(error)")
                let visible = token.filter { !$0.isWhitespace }
                #expect(visible.isEmpty || !error.message.contains(visible))
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aTokenFileWithATrailingNewlineWorks() async throws {
        try await APIHarness.withServer { server in
            let directory = Fixtures.temporaryDirectory("archlabeld-token")
            defer { Fixtures.remove(directory) }
            let path = try KubeconfigWriter.write("\n  pi4-node-token\r\n", to: "token", in: directory)
            var access = try APIHarness.nodeAccess(server)
            (access.clientCertificate, access.clientKey) = (nil, nil)
            access.token = .file(.file(path, root: try HostRoot(path: "/")))
            let outcome = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: access)
            #expect(outcome.wrote && server.writes.map(\.user) == ["system:node:pi4"])
        }
    }

    @Test func serverTextIsOneBoundedLine() async throws {
        try await APIHarness.withServer { server in
            let hostile = "line one\nline two\r\n\u{1B}[31mred\u{7}" + String(repeating: "x", count: 5000)
            server.inject(.status(500, message: hostile), on: .node("pi4", method: "GET"), times: 10)
            do {
                _ = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: try APIHarness.nodeAccess(server))
                Issue.record("expected a server error")
            } catch let error as KubeError {
                #expect(error.code == .serverError)
                #expect(!error.message.contains { $0.isNewline || $0.unicodeScalars.contains { $0.value < 0x20 } }, "\(error)")
                #expect(error.message.contains("line one line two [31mred"), "\(error)")
                #expect(error.message.count < 500)
                #expect(error.message.hasSuffix("; gave up after 3 retries"), "\(error)")
            }
        }
    }
}
