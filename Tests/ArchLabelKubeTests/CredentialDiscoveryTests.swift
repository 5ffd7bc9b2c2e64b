import ArchLabelKube
import ArchLabelProbes
import Testing
import TestSupport

/// Credential discovery in the contract's order, with the host's files under `--root` and the
/// process's own files (explicit paths, the service account) outside it.
@Suite struct CredentialDiscoveryTests {
    static let agentKubeconfig = KubeconfigWriter.yaml(
        server: "https://127.0.0.1:6444",
        cluster: [("certificate-authority", "/var/lib/rancher/k3s/agent/server-ca.crt")],
        user: [("client-certificate", "/var/lib/rancher/k3s/agent/client-kubelet.crt"),
               ("client-key", "/var/lib/rancher/k3s/agent/client-kubelet.key")])

    private func discover(
        host: HostTree, process: HostTree? = nil, flag: String? = nil, environment: [String: String] = [:]
    ) throws -> ClusterAccess {
        let processTree = process ?? HostTree().directory("tmp")
        let processRoot = try HostRoot(path: processTree.path)
        defer { withExtendedLifetime(processTree) {} }
        return try CredentialDiscovery(
            hostRoot: try HostRoot(path: host.path), processRoot: processRoot,
            kubeconfigFlag: flag, environment: environment
        ).discover()
    }

    @Test func k3sAgentKubeconfigAndItsFilesAreFoundUnderTheRoot() throws {
        let host = HostTree()
            .file("var/lib/rancher/k3s/agent/kubelet.kubeconfig", Self.agentKubeconfig)
            .file("var/lib/rancher/k3s/agent/client-kubelet.crt", Fixtures.text("pki/node-pi4-chain.pem"))
            .file("etc/rancher/k3s/k3s.yaml", KubeconfigWriter.yaml(server: "https://127.0.0.1:6443"))
        let access = try discover(host: host)
        #expect(access.source == "kubeconfig \(host.path)/var/lib/rancher/k3s/agent/kubelet.kubeconfig")
        #expect(access.clientCertificate?.origin == "\(host.path)/var/lib/rancher/k3s/agent/client-kubelet.crt")
        #expect(try access.clientCertificate?.read() == Array(Fixtures.text("pki/node-pi4-chain.pem").utf8))
        #expect(throws: CredentialError.self) { try access.clientKey?.read() }
    }

    @Test(arguments: [
        ("etc/rancher/k3s/k3s.yaml", "https://127.0.0.1:6443"),
        ("etc/kubernetes/kubelet.conf", "https://10.0.0.1:6443"),
    ])
    func laterLocationsWhenEarlierOnesAreAbsent(location: String, server: String) throws {
        let host = HostTree().file(location, KubeconfigWriter.yaml(server: server))
        #expect(try discover(host: host).server == server)
    }

    @Test func nothingFoundNamesEveryPlaceTried() throws {
        let host = HostTree().directory("etc")
        do {
            _ = try discover(host: host, environment: ["KUBECONFIG": "/nonexistent/a:/nonexistent/b"])
            Issue.record("expected an error")
        } catch let error as CredentialError {
            #expect(error.message == "no Kubernetes credentials found (tried $KUBECONFIG=/nonexistent/a:/nonexistent/b, "
                + "in-cluster service account, \(host.path)/var/lib/rancher/k3s/agent/kubelet.kubeconfig, "
                + "\(host.path)/etc/rancher/k3s/k3s.yaml, \(host.path)/etc/kubernetes/kubelet.conf); "
                + "pass --kubeconfig FILE or run on a k3s node")
        }
    }

    @Test func explicitKubeconfigWinsAndMustExist() throws {
        let host = HostTree().file("var/lib/rancher/k3s/agent/kubelet.kubeconfig", Self.agentKubeconfig)
        let own = HostTree().file("kubeconfig", KubeconfigWriter.yaml(server: "https://flag.example:6443"))
        #expect(try discover(host: host, process: own, flag: "/kubeconfig").server == "https://flag.example:6443")
        #expect(throws: CredentialError("kubeconfig /nonexistent (--kubeconfig): no such file")) {
            try discover(host: host, flag: "/nonexistent")
        }
    }

    @Test func kubeconfigVariableTakesTheFirstExistingEntryAsGiven() throws {
        let host = HostTree().file("var/lib/rancher/k3s/agent/kubelet.kubeconfig", Self.agentKubeconfig)
        let own = HostTree().file("b.yaml", KubeconfigWriter.yaml(server: "https://env.example:6443"))
        let environment = ["KUBECONFIG": "/nonexistent.yaml:/b.yaml"]
        #expect(try discover(host: host, process: own, environment: environment).server == "https://env.example:6443")
    }

    @Test func inClusterServiceAccountComesFromTheProcessNotTheHost() throws {
        let host = HostTree().file("var/lib/rancher/k3s/agent/kubelet.kubeconfig", Self.agentKubeconfig)
        let pod = HostTree()
            .file("var/run/secrets/kubernetes.io/serviceaccount/token", "sa-token\n")
            .file("var/run/secrets/kubernetes.io/serviceaccount/ca.crt", Fixtures.text("pki/ca.pem"))
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"]
        let access = try discover(host: host, process: pod, environment: environment)
        #expect(access.server == "https://[fd00::1]:6443")
        #expect(access.source == "in-cluster service account (/var/run/secrets/kubernetes.io/serviceaccount)")
        #expect(access.certificateAuthority?.origin == "\(pod.path)/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
        // Without the variable, the host's kubelet credentials are next.
        #expect(try discover(host: host, process: pod).server == "https://127.0.0.1:6444")
    }
}
