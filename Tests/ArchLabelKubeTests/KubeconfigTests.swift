@testable import ArchLabelKube
import ArchLabelProbes
import ArchLabelYAML
import Foundation
import Testing
import TestSupport

/// Kubeconfig parsing and resolution to access parameters, without a server: every field the
/// contract lists, relative paths, and errors that name file, line and key.
@Suite struct KubeconfigTests {
    private func access(_ text: String, at location: String = "/etc/rancher/k3s/k3s.yaml") throws -> ClusterAccess {
        let config = try Kubeconfig(parsing: Array(text.utf8), file: location)
        return try config.access(location: location, root: try HostRoot(path: "/"))
    }

    @Test func k3sStyleEmbeddedData() throws {
        let text = KubeconfigWriter.yaml(
            server: "https://127.0.0.1:6443",
            cluster: [("certificate-authority-data", KubeconfigWriter.data("ca.pem"))],
            user: [("client-certificate-data", KubeconfigWriter.data("admin.pem")), ("client-key-data", KubeconfigWriter.data("admin.key"))])
        let access = try access(text)
        #expect(access.server == "https://127.0.0.1:6443")
        #expect(access.certificateAuthority?.origin == "certificate-authority-data in /etc/rancher/k3s/k3s.yaml")
        #expect(try access.clientKey?.read() == Array(Fixtures.text("pki/admin.key").utf8))
        #expect(access.source == "kubeconfig /etc/rancher/k3s/k3s.yaml")
        #expect(!access.insecureSkipTLSVerify)
    }

    @Test(arguments: [
        ("client.crt", "/var/lib/rancher/k3s/agent/client.crt"),
        ("../server/tls/ca.crt", "/var/lib/rancher/k3s/agent/../server/tls/ca.crt"),
        ("/etc/ssl/ca.pem", "/etc/ssl/ca.pem"),
    ])
    func relativePathsResolveAgainstTheKubeconfigDirectory(written: String, resolved: String) throws {
        let text = KubeconfigWriter.yaml(
            server: "https://127.0.0.1:6444", cluster: [("certificate-authority", written)],
            user: [("client-certificate", written), ("client-key", written), ("tokenFile", written)])
        let access = try access(text, at: "/var/lib/rancher/k3s/agent/kubelet.kubeconfig")
        #expect(access.certificateAuthority?.origin == resolved)
        #expect(access.clientCertificate?.origin == resolved)
        #expect(access.clientKey?.origin == resolved)
        guard case .file(let token)? = access.token else {
            Issue.record("expected a token file")
            return
        }
        #expect(token.origin == resolved)
    }

    @Test func tokenInsecureAndJSON() throws {
        let json = #"""
            {"apiVersion": "v1", "kind": "Config", "current-context": "ctx",
             "clusters": [{"name": "c", "cluster": {"server": "https://10.0.0.1:6443/", "insecure-skip-tls-verify": true}}],
             "users": [{"name": "u", "user": {"token": "abc.def"}}],
             "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}]}
            """#
        let access = try access(json)
        #expect(access.server == "https://10.0.0.1:6443")
        #expect(access.insecureSkipTLSVerify)
        guard case .inline(let token, let origin)? = access.token else {
            Issue.record("expected an inline token")
            return
        }
        #expect(token == "abc.def" && origin == "token in /etc/rancher/k3s/k3s.yaml")
    }

    /// Each broken kubeconfig and the start of the one-line error it must give.
    @Test(arguments: [
        ("clusters: [", "/k.yaml:2:1: "),
        ("clusters:\n- name: a\n  cluster:\n    server: [x]\n", "/k.yaml:4:13: clusters[0].cluster.server: expected a string, found a list"),
        ("clusters:\n- name: a\n  cluster:\n    server: x\n    certificate-authority-data: '%%%'\n",
         "/k.yaml:5:33: clusters[0].cluster.certificate-authority-data: not valid base64"),
        ("clusters:\n- name: a\n  cluster:\n    server: x\n    insecure-skip-tls-verify: maybe\n",
         "/k.yaml:5:31: clusters[0].cluster.insecure-skip-tls-verify: expected true or false"),
        ("clusters:\n- name: a\n  cluster: {server: x}\n- name: a\n  cluster: {server: y}\n", "/k.yaml:4:3: clusters[1]: a second cluster named \"a\""),
        ("clusters:\n- cluster: {server: x}\n", "/k.yaml:2:3: clusters[0]: missing required key \"name\""),
        ("", "/k.yaml: the kubeconfig is empty"),
        ("- a\n- b\n", "/k.yaml:1:1: expected a mapping, found a list"),
    ])
    func invalidDocuments(text: String, expected: String) {
        do {
            _ = try Kubeconfig(parsing: Array(text.utf8), file: "/k.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    /// Kubeconfigs that parse but cannot be used, with the specific reason.
    @Test(arguments: [
        ("clusters: []\n", "has no current-context"),
        ("current-context: x\n", "current-context \"x\" is not among its contexts"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n", "names cluster \"c\", which is not defined"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: 'https://a'}\n",
         "names user \"u\", which is not defined"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: 'ftp://a'}\n",
         "is not an http:// or https:// URL"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: 'https://'}\n",
         "server \"https://\" is not an http:// or https:// URL with a host"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: 'https://h:6443?x=1'}\n",
         "is not an http:// or https:// URL with a host"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: 'https://h:99999'}\n",
         "is not an http:// or https:// URL with a host"),
    ])
    func unusableKubeconfigs(text: String, expected: String) throws {
        let config = try Kubeconfig(parsing: Array(text.utf8), file: "/k.yaml")
        let root = try HostRoot(path: "/")
        do {
            _ = try config.access(location: "/k.yaml", root: root)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains(expected), "\(error)")
            #expect(error.message.hasPrefix("kubeconfig /k.yaml"), "\(error)")
        }
    }

    @Test func contextWithoutUserMeansNoCredentials() throws {
        let text = "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: 'http://127.0.0.1:8080'}\n"
        let access = try access(text)
        #expect(access.token == nil && access.clientCertificate == nil && !access.usesTLS)
    }
}

/// Server URLs: what is accepted, with which host and port, and what is refused at load time.
@Suite struct ServerAddressTests {
    @Test(arguments: [
        ("https://127.0.0.1:6443", true, "127.0.0.1", 6443),
        ("https://[fd00::1]:6443/prefix", true, "fd00::1", 6443),
        ("HTTP://k3s.local", false, "k3s.local", 80),
        ("https://api.example", true, "api.example", 443),
    ])
    func accepted(url: String, tls: Bool, host: String, port: Int) throws {
        #expect(ServerAddress(url) == ServerAddress(usesTLS: tls, host: host, port: port))
        let kubeconfig = try Kubeconfig(parsing: Array(KubeconfigWriter.yaml(server: url).utf8), file: "/k")
        #expect(throws: Never.self) { try kubeconfig.access(location: "/k", root: try HostRoot(path: "/")) }
    }

    @Test(arguments: ["https://", "https://:6443", "https://h:0", "https://u:p@h", "https://h/x?y", "https://[::1", "https://h:1:2", "tcp://h"])
    func refused(url: String) throws {
        let kubeconfig = try Kubeconfig(parsing: Array(KubeconfigWriter.yaml(server: "'\(url)'").utf8), file: "/k")
        let root = try HostRoot(path: "/")
        #expect(throws: CredentialError.self) { try kubeconfig.access(location: "/k", root: root) }
    }
}
