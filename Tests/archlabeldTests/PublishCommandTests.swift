import Foundation
import Testing
import TestAPIServer
import TestSupport

/// `archlabeld --once`, `--prune` and `--once --dry-run` end to end: the built binary against the
/// test API server over mutual TLS, with credentials given or found under `--root`.
@Suite struct PublishCommandTests {
    static let hostFixture = "hosts/rpi4-raspios-arm64"
    static let record = "archlabeld.io/managed-labels"

    /// The labels the binary computes for the Pi 4 fixture, with the default prefix.
    static var expectedLabels: [String: String] {
        Dictionary(uniqueKeysWithValues: Fixtures.labels("\(hostFixture)/expected.labels").map { ("archlabeld.io/" + $0.key, $0.value) })
    }

    /// What lands on the Node: the computed labels, plus k3s's containerd version, which only the
    /// Node's status knows (the test API server reports `containerd://1.7.22-k3s1`).
    static var publishedLabels: [String: String] {
        expectedLabels.merging(["archlabeld.io/container-runtime.version": "1.7.22-k3s1"]) { $1 }
    }

    /// A copy of the Pi 4 host tree with k3s's agent credentials (pointing at `server`) and
    /// k3s's config naming the node, as on a real k3s agent.
    static func k3sHost(server: TestAPIServer, certificate: String = "node-pi4-chain") throws -> HostTree {
        let tree = try HostTree(copying: "\(hostFixture)/root")
        let agent = "var/lib/rancher/k3s/agent"
        tree.file("etc/rancher/k3s/config.yaml", "# k3s agent\nserver: \(server.url)\nnode-name: pi4\n")
            .file("\(agent)/server-ca.crt", Fixtures.text("pki/ca.pem"))
            .file("\(agent)/client-kubelet.crt", Fixtures.text("pki/\(certificate).pem"))
            .file("\(agent)/client-kubelet.key", Fixtures.text("pki/\(certificate).key"))
            .file("\(agent)/kubelet.kubeconfig", """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority: /\(agent)/server-ca.crt
                    server: \(server.url)
                  name: local
                contexts:
                - context:
                    cluster: local
                    namespace: default
                    user: user
                  name: Default
                current-context: Default
                kind: Config
                preferences: {}
                users:
                - name: user
                  user:
                    client-certificate: /\(agent)/client-kubelet.crt
                    client-key: /\(agent)/client-kubelet.key

                """)
        return tree
    }

    static func withServer(_ body: (TestAPIServer) async throws -> Void) async throws {
        let tls = TestAPIServer.TLS(
            certificateChainPath: Fixtures.path("pki/server.pem"), privateKeyPath: Fixtures.path("pki/server.key"),
            clientCAPath: Fixtures.path("pki/ca.pem"))
        try await TestAPIServer.serving(TestAPIServer.Configuration(tls: tls)) { server in
            server.registerNode("pi4")
            try await body(server)
        }
    }

    @Test func onceFindsK3sCredentialsUnderTheRootPublishesAndThenSendsNothing() async throws {
        try await Self.withServer { server in
            let host = try Self.k3sHost(server: server)
            let first = try await CommandLineTests.runAsync(["--once", "--root", host.path])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "node pi4: published: \(Self.publishedLabels.count) added, 0 changed, 0 removed (resourceVersion \(server.resourceVersion))\n")
            let node = try #require(server.node("pi4"))
            for (key, value) in Self.publishedLabels { #expect(node.labels[key] == value, "\(key)") }
            #expect(node.labels["kubernetes.io/hostname"] == "pi4")
            #expect(node.annotations[Self.record] == Self.publishedLabels.keys.sorted().joined(separator: ","))
            #expect(server.writes.map(\.user) == ["system:node:pi4"])

            let second = try await CommandLineTests.runAsync(["--once", "--root", host.path])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout == "node pi4: labels up to date, nothing sent\n")
            #expect(server.writes.count == 1)
        }
    }

    @Test func dryRunShowsTheChangeAndTheExactPatchAndNeverWrites() async throws {
        try await Self.withServer { server in
            let host = try Self.k3sHost(server: server)
            server.updateNode("pi4") {
                $0.labels["archlabeld.io/hardware"] = "my-own-board"
                $0.labels["archlabeld.io/old"] = "x"
                $0.annotations[Self.record] = "archlabeld.io/old"
            }
            let result = try await CommandLineTests.runAsync(["--once", "--dry-run", "--output", "json", "--root", host.path])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let changes = try #require(document["changes"] as? [String: [String: Any]])
            #expect(changes["removed"] as? [String: String] == ["archlabeld.io/old": "x"])
            #expect((changes["added"] as? [String: String])?["archlabeld.io/hardware"] == nil)
            #expect((changes["added"] as? [String: String])?["archlabeld.io/soc"] == "bcm2711")
            let labels = try #require(document["labels"] as? [String: String])
            #expect(labels["archlabeld.io/container-runtime.version"] == "1.7.22-k3s1")
            let evidence = try #require(document["evidence"] as? [String: String])
            #expect(evidence["archlabeld.io/container-runtime.version"]
                == "Node status.nodeInfo.containerRuntimeVersion: containerd://1.7.22-k3s1")
            let conflicts = try #require(document["conflicts"] as? [[String: String]])
            #expect(conflicts == [["key": "archlabeld.io/hardware", "node": "my-own-board", "computed": "rpi4"]])
            let patch = try #require(document["patch"] as? [String: Any])
            let metadata = try #require(patch["metadata"] as? [String: Any])
            #expect(metadata["resourceVersion"] as? String == String(server.resourceVersion))
            #expect((metadata["labels"] as? [String: Any])?["archlabeld.io/old"] is NSNull)
            let api = try #require(document["api"] as? [String: Any])
            #expect(api["identity"] as? String == "client certificate CN=system:node:pi4, O=system:nodes (\(host.path)/var/lib/rancher/k3s/agent/client-kubelet.crt)")
            #expect(server.writes.isEmpty)

            let text = try await CommandLineTests.runAsync(["--once", "--dry-run", "--root", host.path])
            #expect(text.stdout.contains("  - archlabeld.io/old (was x)\n"))
            #expect(text.stdout.contains("  ! archlabeld.io/hardware=my-own-board is not archlabeld's; it stays (computed rpi4)\n"))
            #expect(text.stdout.contains("patch (application/merge-patch+json): {\"metadata\":"))
            #expect(server.writes.isEmpty)
        }
    }

    @Test func pruneRemovesExactlyTheManagedLabels() async throws {
        try await Self.withServer { server in
            let host = try Self.k3sHost(server: server)
            _ = try await CommandLineTests.runAsync(["--once", "--root", host.path])
            server.updateNode("pi4") { $0.labels["site"] = "garage" }
            let preview = try await CommandLineTests.runAsync(["--prune", "--dry-run", "--output", "json", "--root", host.path])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(preview.stdout.utf8)) as? [String: Any])
            let removed = (document["changes"] as? [String: Any])?["removed"] as? [String: String]
            #expect(removed == Self.publishedLabels)
            let result = try await CommandLineTests.runAsync(["--prune", "--root", host.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("node pi4: pruned: 0 added, 0 changed, \(Self.publishedLabels.count) removed"))
            let node = try #require(server.node("pi4"))
            #expect(node.labels.keys.filter { $0.hasPrefix("archlabeld.io/") }.isEmpty)
            #expect(node.labels["site"] == "garage" && node.labels["kubernetes.io/arch"] == "arm64")
            #expect(node.annotations[Self.record] == nil)
        }
    }

    @Test func aUsersLabelIsReportedAndLeftAlone() async throws {
        try await Self.withServer { server in
            server.updateNode("pi4") { $0.labels["archlabeld.io/hardware"] = "my-own-board" }
            let host = try Self.k3sHost(server: server)
            let result = try await CommandLineTests.runAsync(["--once", "--root", host.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(" warning: label set by someone else left alone (computed=rpi4, event=labels.conflict, "
                + "key=archlabeld.io/hardware, node=pi4, value=my-own-board)\n"), "\(result.stderr)")
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "my-own-board")
        }
    }

    @Test func pruneOnANodeThatIsGoneHasNothingToDo() async throws {
        try await Self.withServer { server in
            let host = try Self.k3sHost(server: server)
            server.deleteNode("pi4")
            let started = Date()
            let result = try await CommandLineTests.runAsync(["--prune", "--root", host.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "node pi4: not registered with the API server; nothing to prune\n")
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(server.writes.isEmpty)
        }
    }

    @Test func anotherNodesCredentialsFailWithTheIdentityAndWriteNothing() async throws {
        try await Self.withServer { server in
            let host = try Self.k3sHost(server: server, certificate: "node-other")
            let result = try await CommandLineTests.runAsync(["--once", "--root", host.path])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("Error: HTTP 403 Forbidden: "), "\(result.stderr)")
            #expect(result.stderr.contains("identity: client certificate CN=system:node:other, O=system:nodes"))
            #expect(result.stderr.contains("set --node-name other or use this node's own credentials"))
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(server.writes.allSatisfy { $0.status == 403 })
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == nil)
        }
    }

    @Test func insecureSkipTLSVerifyIsHonouredWithAWarning() async throws {
        try await Self.withServer { server in
            let directory = Fixtures.temporaryDirectory("archlabeld-insecure")
            defer { Fixtures.remove(directory) }
            func data(_ file: String) -> String { Data(Fixtures.text("pki/\(file)").utf8).base64EncodedString() }
            let kubeconfig = directory.appendingPathComponent("kubeconfig")
            try Data("""
                clusters:
                - name: c
                  cluster: {server: "\(server.url)", insecure-skip-tls-verify: true}
                users:
                - name: u
                  user: {client-certificate-data: \(data("node-pi4-ec.pem")), client-key-data: \(data("node-pi4-ec.key"))}
                contexts:
                - name: x
                  context: {cluster: c, user: u}
                current-context: x

                """.utf8).write(to: kubeconfig)
            let result = try await CommandLineTests.runAsync([
                "--once", "--kubeconfig", kubeconfig.path, "--node-name", "pi4", "--root", Fixtures.path("\(Self.hostFixture)/root"),
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(" warning: TLS verification of the API server is off, as the kubeconfig asks "
                + "(insecure-skip-tls-verify) (event=tls.insecure, server=\(server.url), source=kubeconfig \(kubeconfig.path))\n"),
                "\(result.stderr)")
            #expect(server.writes.map(\.status) == [200])
        }
    }

    @Test func explicitKubeconfigAndNodeNameOverrideDiscovery() async throws {
        try await Self.withServer { server in
            server.registerNode("other")
            let host = try Self.k3sHost(server: server)
            let result = try await CommandLineTests.runAsync([
                "--once", "--root", host.path, "--node-name", "other",
                "--kubeconfig", "\(host.path)/var/lib/rancher/k3s/agent/kubelet.kubeconfig",
            ])
            // The kubeconfig given explicitly is read as given: its absolute certificate paths point
            // outside the tree, so the error names the file it could not read.
            #expect(result.status == 1)
            #expect(result.stderr == "Error: cannot read /var/lib/rancher/k3s/agent/server-ca.crt: no such file\n", "\(result.stderr)")
        }
    }
}
