import ArchLabelKube
import ArchLabelProbes
import Foundation
import Testing
import TestAPIServer
import TestSupport

/// Every kubeconfig variant of the contract, used for real against the test API server: the
/// write must land, as the identity the variant carries.
@Suite struct KubeconfigVariantTests {
    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var tls = true
        /// Files to place next to the kubeconfig: (PKI name, relative path).
        var files: [(String, String)] = []
        var cluster: [(String, String)] = []
        var user: [(String, String)]
        var identity: String
        var testDescription: String { name }
    }

    static let caFile = [("ca.pem", "pki/ca.crt")]
    static let caRelative = [("certificate-authority", "pki/ca.crt")]

    static let variants: [Variant] = [
        Variant(
            name: "embedded data, EC key (SEC1), as k3s writes k3s.yaml",
            cluster: [("certificate-authority-data", KubeconfigWriter.data("ca.pem"))],
            user: [("client-certificate-data", KubeconfigWriter.data("node-pi4-ec.pem")),
                   ("client-key-data", KubeconfigWriter.data("node-pi4-ec.key"))],
            identity: "system:node:pi4"),
        Variant(
            name: "files with relative paths, EC key (SEC1)",
            files: caFile + [("node-pi4-ec.pem", "pki/client.crt"), ("node-pi4-ec.key", "pki/client.key")],
            cluster: caRelative, user: [("client-certificate", "pki/client.crt"), ("client-key", "./pki/client.key")],
            identity: "system:node:pi4"),
        Variant(
            name: "EC key in PKCS#8",
            files: caFile + [("node-pi4-ec.pem", "c.pem"), ("node-pi4-ec-pkcs8.key", "k.pem")],
            cluster: caRelative, user: [("client-certificate", "c.pem"), ("client-key", "k.pem")],
            identity: "system:node:pi4"),
        Variant(
            name: "RSA key in PKCS#1",
            files: caFile + [("node-pi4-rsa.pem", "c.pem"), ("node-pi4-rsa.key", "k.pem")],
            cluster: caRelative, user: [("client-certificate", "c.pem"), ("client-key", "k.pem")],
            identity: "system:node:pi4"),
        Variant(
            name: "RSA key in PKCS#8, embedded",
            cluster: [("certificate-authority-data", KubeconfigWriter.data("ca.pem"))],
            user: [("client-certificate-data", KubeconfigWriter.data("node-pi4-rsa.pem")),
                   ("client-key-data", KubeconfigWriter.data("node-pi4-rsa-pkcs8.key"))],
            identity: "system:node:pi4"),
        Variant(
            name: "certificate file holding a chain (k3s client-kubelet.crt)",
            files: caFile + [("node-pi4-chain.pem", "client-kubelet.crt"), ("node-pi4-chain.key", "client-kubelet.key")],
            cluster: caRelative, user: [("client-certificate", "client-kubelet.crt"), ("client-key", "client-kubelet.key")],
            identity: "system:node:pi4"),
        Variant(
            name: "bearer token",
            cluster: caRelative.map { ($0.0, $0.1) }, user: [("token", "pi4-node-token")],
            identity: "system:node:pi4"),
        Variant(
            name: "tokenFile, relative",
            cluster: [("certificate-authority-data", KubeconfigWriter.data("ca.pem"))],
            user: [("tokenFile", "secrets/token")], identity: "admin"),
        Variant(
            name: "insecure-skip-tls-verify with no CA",
            cluster: [("insecure-skip-tls-verify", "true")], user: [("token", "admin-token")], identity: "admin"),
        Variant(
            name: "http:// server", tls: false,
            user: [("token", "pi4-node-token")], identity: "system:node:pi4"),
    ]

    @Test(arguments: variants)
    func variantPublishes(_ variant: Variant) async throws {
        try await APIHarness.withServer(tls: variant.tls) { server in
            let directory = Fixtures.temporaryDirectory("archlabeld-kubeconfig")
            defer { Fixtures.remove(directory) }
            for (file, relative) in variant.files + (variant.cluster.contains { $0.0 == "certificate-authority" } ? Self.caFile : []) {
                try KubeconfigWriter.copy(file, to: relative, in: directory)
            }
            try KubeconfigWriter.write("admin-token\n", to: "secrets/token", in: directory)
            let text = KubeconfigWriter.yaml(server: server.url, cluster: variant.cluster, user: variant.user)
            let path = try KubeconfigWriter.write(text, to: "config/../kubeconfig", in: directory)
            let config = try Kubeconfig(parsing: Array(text.utf8), file: path)
            let access = try config.access(location: directory.appendingPathComponent("kubeconfig").path, root: try HostRoot(path: "/"))
            let outcome = try await APIHarness.publish(["archlabeld.io/hardware": "rpi4"], access: access)
            #expect(outcome.wrote)
            #expect(server.writes.map(\.user) == [variant.identity])
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4")
        }
    }
}
