import ArchLabelYAML
import Foundation
import Testing
import TestAPIServer
import TestSupport

/// The value at `path` (mapping keys, list indices) in a document of Foundation values.
private func at(_ document: Any?, _ path: String...) -> Any? {
    path.reduce(document) { current, key in
        if let index = Int(key) { return (current as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil } }
        return (current as? [String: Any])?[key]
    }
}

/// `deploy/daemonset.yaml` as a cluster would run it: the manifest's least-privilege promises
/// (its ClusterRole, a non-root pod without capabilities, the host read-only at /host), then the
/// daemon started with the manifest's own arguments, user and RBAC verbs against the test API
/// server, which must be enough to label, repair and prune. The token reaches the binary through
/// a kubeconfig, since the pod's service-account directory is a fixed path outside any test
/// tree; discovering it from `$KUBERNETES_SERVICE_HOST` is CredentialDiscoveryTests' part.
@Suite struct DaemonSetManifestTests {
    /// The manifest's documents by kind.
    static var documents: [String: [String: Any]] {
        let text = Fixtures.repositoryText("deploy/daemonset.yaml")
        var byKind: [String: [String: Any]] = [:]
        for part in text.components(separatedBy: "\n---\n") {
            guard let node = try? YAMLParser.parse(Array(part.utf8), file: "daemonset.yaml"),
                  let document = plain(YAMLValue(root: node, file: "daemonset.yaml")) as? [String: Any],
                  let kind = document["kind"] as? String
            else { continue }
            byKind[kind] = document
        }
        return byKind
    }

    /// A YAML value as Foundation values: mappings, lists and strings.
    static func plain(_ value: YAMLValue) -> Any? {
        if let map = try? value.mapping() {
            return Dictionary(map.values.map { ($0.key, plain($0.value) ?? NSNull()) }) { $1 }
        }
        if let list = try? value.list() { return list.map { plain($0) ?? NSNull() } }
        return try? value.string()
    }

    static var podSpec: Any? { at(documents["DaemonSet"], "spec", "template", "spec") }
    static var container: Any? { at(podSpec, "containers", "0") }

    /// `system:serviceaccount:NAMESPACE:NAME` of the manifest's ServiceAccount.
    static var serviceAccountUser: String {
        let account = documents["ServiceAccount"]
        return "system:serviceaccount:\(at(account, "metadata", "namespace") as? String ?? ""):\(at(account, "metadata", "name") as? String ?? "")"
    }

    /// The verbs the ClusterRole grants on nodes.
    static var nodeVerbs: Set<String> {
        let rules = at(documents["ClusterRole"], "rules") as? [Any] ?? []
        return Set(rules.filter { (at($0, "resources") as? [Any])?.contains { $0 as? String == "nodes" } == true }
            .flatMap { at($0, "verbs") as? [String] ?? [] })
    }

    @Test func theClusterRoleGrantsOnlyGetPatchAndWatchOnNodesToTheDaemonSetsAccount() throws {
        #expect(Self.nodeVerbs == ["get", "patch", "watch"])
        #expect((at(Self.documents["ClusterRole"], "rules") as? [Any])?.count == 1)
        let subject = at(Self.documents["ClusterRoleBinding"], "subjects", "0")
        #expect(at(subject, "kind") as? String == "ServiceAccount")
        #expect("system:serviceaccount:\(at(subject, "namespace") as? String ?? ""):\(at(subject, "name") as? String ?? "")" == Self.serviceAccountUser)
        #expect(at(Self.documents["ClusterRoleBinding"], "roleRef", "name") as? String == at(Self.documents["ClusterRole"], "metadata", "name") as? String)
        #expect(at(Self.podSpec, "serviceAccountName") as? String == at(Self.documents["ServiceAccount"], "metadata", "name") as? String)
    }

    @Test func thePodIsANonRootUserWithoutCapabilitiesReadingTheHostReadOnly() throws {
        #expect(at(Self.podSpec, "securityContext", "runAsNonRoot") as? String == "true")
        #expect(at(Self.podSpec, "securityContext", "runAsUser") as? String == "65534")
        #expect(at(Self.container, "securityContext", "capabilities", "drop") as? [String] == ["ALL"])
        #expect(at(Self.container, "securityContext", "allowPrivilegeEscalation") as? String == "false")
        #expect(at(Self.container, "securityContext", "readOnlyRootFilesystem") as? String == "true")
        let volumeName = try #require(at(Self.container, "volumeMounts", "0", "name") as? String)
        #expect(at(Self.container, "volumeMounts", "0", "mountPath") as? String == "/host")
        #expect(at(Self.container, "volumeMounts", "0", "readOnly") as? String == "true")
        let volume = (at(Self.podSpec, "volumes") as? [Any])?.first { at($0, "name") as? String == volumeName }
        #expect(at(volume, "hostPath", "path") as? String == "/")
        #expect(at(Self.container, "env", "0", "name") as? String == "NODE_NAME")
        #expect(at(Self.container, "env", "0", "valueFrom", "fieldRef", "fieldPath") as? String == "spec.nodeName")
        #expect(at(Self.container, "resources", "requests", "memory") as? String == "24Mi")
    }

    @Test func theManifestsArgumentsUserAndVerbsLabelRepairAndPrune() async throws {
        let arguments = try #require(at(Self.container, "args") as? [String])
        #expect(arguments.contains("--root") && arguments.contains("/host") && !arguments.contains("--once"))
        let tree = try HostTree(copying: "hosts/rpi4-raspios-arm64/root")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tree.path)
        let hostArguments = arguments.map { $0 == "/host" ? tree.path : $0 }
        let uid = try #require(UInt32(at(Self.podSpec, "securityContext", "runAsUser") as? String ?? ""))
        let tls = TestAPIServer.TLS(
            certificateChainPath: Fixtures.path("pki/server.pem"), privateKeyPath: Fixtures.path("pki/server.key"), clientCAPath: nil)
        let account = TestAPIServer.Identity(user: Self.serviceAccountUser, groups: ["system:serviceaccounts"])
        let configuration = TestAPIServer.Configuration(
            tls: tls, tokens: ["daemonset-token": account], nodeVerbsByUser: [account.user: Self.nodeVerbs])
        try await TestAPIServer.serving(configuration) { server in
            server.registerNode("pi4", labels: ["team": "edge"])
            let daemon = try DaemonCommandTests.RunningDaemon(
                url: server.url, environment: ["NODE_NAME": "pi4"], arguments: hostArguments, root: nil, nodeName: nil,
                user: "{token: daemonset-token}", uid: uid)
            try await offload {
                #expect(Self.poll { server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4" }, "\(daemon.logLines)")
                server.updateNode("pi4") { $0.labels["archlabeld.io/hardware"] = nil }
                #expect(Self.poll { server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4" }, "drift repaired with watch and patch")
                #expect(daemon.stop(with: SIGTERM) == 0)
            }
            #expect(server.requests.allSatisfy { $0.status != 403 }, "\(server.requests.filter { $0.status == 403 }.map(\.path))")
            #expect(server.requests.contains { $0.user == account.user })

            let prune = try DaemonCommandTests.RunningDaemon(
                url: server.url, environment: ["NODE_NAME": "pi4"], arguments: hostArguments + ["--prune"], root: nil, nodeName: nil,
                user: "{token: daemonset-token}", uid: uid
            ).exitStatus(within: .seconds(10))
            #expect(prune == 0)
            let after = try #require(server.node("pi4"))
            #expect(after.labels.keys.filter { $0.hasPrefix("archlabeld.io/") }.isEmpty, "\(after.labels)")
            #expect(after.labels["team"] == "edge")
        }
        withExtendedLifetime(tree) {}
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    static func poll(_ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
