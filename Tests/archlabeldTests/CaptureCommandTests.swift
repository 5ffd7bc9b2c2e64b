import Foundation
import Testing
import TestSupport

/// `archlabeld --capture PATH` run as a user runs it for a bug report, on this (CI) machine and on
/// trees, and the replay with `--once --dry-run --root PATH`.
struct CaptureCommandTests {
    static func document(_ result: CommandLineTests.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The labels and evidence of a dry run with `arguments`, as JSON objects.
    static func dryRun(_ arguments: [String]) async throws -> (labels: [String: String], evidence: [String: String]) {
        let document = try Self.document(try await CommandLineTests.runAsync(["--once", "--dry-run", "--output", "json"] + arguments))
        return (try #require(document["labels"] as? [String: String]), try #require(document["evidence"] as? [String: String]))
    }

    /// This machine, live: its capture replays the same labels and evidence, as a directory and
    /// as a .tar.gz (the evidence includes uname and, on a VM, CPUID: the manifest's live facts).
    @Test func aLiveCaptureReplaysTheLiveDryRun() async throws {
        let output = HostTree()
        let live = try await Self.dryRun([])
        #expect(!live.labels.isEmpty)

        let captured = try await CommandLineTests.runAsync(["--capture", output.path + "/capture"])
        #expect(captured.status == 0, "\(captured.stderr)")
        #expect(captured.stdout.hasPrefix("captured "), "\(captured.stdout)")
        let replay = try await Self.dryRun(["--root", output.path + "/capture"])
        #expect(replay.labels == live.labels)
        #expect(replay.evidence == live.evidence)

        let archived = try await CommandLineTests.runAsync(["--capture", output.path + "/capture.tar.gz"])
        #expect(archived.status == 0, "\(archived.stderr)")
        let unpacked = HostTree()
        let fromArchive = try await Self.dryRun(["--root", try unpacked.extract(output.path + "/capture.tar.gz")])
        #expect(fromArchive.labels == live.labels)
        #expect(fromArchive.evidence == live.evidence)

        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: output.path + "/capture/archlabeld-capture.json"))) as? [String: Any])
        #expect(manifest["format"] as? Int == 1)
        #expect((manifest["commandLine"] as? [String])?.contains("--capture") == true)
        #expect((manifest["live"] as? [String: Any])?["kernelRelease"] is String)
    }

    /// A k3s node's tree holding the kubelet's kubeconfig and key, a service-account token and the
    /// k3s config with the cluster token, as a DaemonSet sees the host under --root, with the
    /// drop-in directory made to read them (every file there is read, links followed): links to
    /// the kubeconfig and to the k3s config, a link named like a kubeconfig to a neutral path, a
    /// file named like a token. None of them is in the capture, the line printed says what was
    /// left out, and the ordinary drop-in label still replays.
    @Test func aCaptureHoldsNoCredentials() async throws {
        let host = try HostTree(copying: "hosts/lxc-proxmox-k3s/root")
            .file("var/lib/rancher/k3s/agent/kubelet.kubeconfig", "client-key-data: S3CRET-KUBECONFIG\n")
            .file("var/lib/rancher/k3s/agent/client-kubelet.key", "-----BEGIN EC PRIVATE KEY-----S3CRET-KEY\n")
            .file("var/run/secrets/kubernetes.io/serviceaccount/token", "S3CRET-TOKEN")
            .file("etc/rancher/k3s/config.yaml", "node-name: pve-ct\ntoken: S3CRET-CLUSTER\n")
            .file("srv/k8s/admin", "password: S3CRET-ADMIN\n")
            .file("etc/archlabeld/config.yaml", "kubeconfig: /var/lib/rancher/k3s/agent/kubelet.kubeconfig\n")
            .file("etc/archlabeld/labels.d/rack", "rack=7\n")
            .symlink("etc/archlabeld/labels.d/kubelet", to: "/var/lib/rancher/k3s/agent/kubelet.kubeconfig")
            .symlink("etc/archlabeld/labels.d/k3s", to: "/etc/rancher/k3s/config.yaml")
            .symlink("etc/archlabeld/labels.d/key", to: "../../../var/lib/rancher/k3s/agent/client-kubelet.key")
            .symlink("etc/archlabeld/labels.d/cluster.kubeconfig", to: "/srv/k8s/admin")
            .file("etc/archlabeld/labels.d/join-token", "token: S3CRET-JOIN\n")
        let output = HostTree()
        let result = try await CommandLineTests.runAsync(["--capture", output.path + "/c.tar.gz", "--root", host.path])
        #expect(result.status == 0, "\(result.stderr)")
        let unpacked = HostTree()
        let extracted = try unpacked.extract(output.path + "/c.tar.gz")
        let files = FileManager.default.enumerator(atPath: extracted)?.allObjects as? [String] ?? []
        #expect(files.contains("proc/cpuinfo"))
        #expect(files.contains("etc/archlabeld/config.yaml"))
        for file in files {
            let text = (try? String(contentsOfFile: extracted + "/" + file, encoding: .utf8)) ?? ""
            #expect(!text.contains("S3CRET"), "\(file)")
        }
        #expect(!files.contains { $0.hasSuffix(".key") || $0.hasSuffix("kubeconfig") || $0.hasSuffix("token") || $0.hasPrefix("etc/rancher") })
        #expect(result.stdout.contains("left out:") && result.stdout.contains("/srv/k8s/admin (a kubeconfig)"), "\(result.stdout)")
        #expect(try String(contentsOfFile: extracted + "/etc/archlabeld/labels.d/rack", encoding: .utf8) == "rack=7\n")
        // The replay of the capture equals the dry run of the tree.
        let original = try await Self.dryRun(["--root", host.path])
        let replay = try await Self.dryRun(["--root", extracted])
        #expect(replay.labels == original.labels && replay.evidence == original.evidence)
    }

    /// `--capture -`: the archive on standard output, the summary on stderr.
    @Test func aCaptureCanGoToStandardOutput() async throws {
        let output = HostTree()
        let result = try await CommandLineTests.runAsync(["--capture", "-", "--root", Fixtures.path("hosts/rpi5-16k/root")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("into standard output"))
        // The raw bytes, not a String round trip: write what the pipe gave.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["--capture", "-", "--root", Fixtures.path("hosts/rpi5-16k/root")]
        FileManager.default.createFile(atPath: output.path + "/c.tar.gz", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output.path + "/c.tar.gz"))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let unpacked = HostTree()
        let replay = try await Self.dryRun(["--root", try unpacked.extract(output.path + "/c.tar.gz")])
        #expect(replay.labels["archlabeld.io/hardware"] == "rpi5")
        #expect(replay == (try await Self.dryRun(["--root", Fixtures.path("hosts/rpi5-16k/root")])))
    }

    @Test func captureIsAModeOfItsOwn() async throws {
        for extra in [["--once"], ["--prune"], ["--once", "--dry-run"]] {
            let result = try await CommandLineTests.runAsync(["--capture", "/tmp/never"] + extra)
            #expect(result.status == 64, "\(extra)")
            #expect(result.stderr.contains("--capture is a mode of its own"), "\(result.stderr)")
        }
        let empty = try await CommandLineTests.runAsync(["--capture", ""])
        #expect(empty.status == 64)
    }

    @Test func anExistingDestinationIsRefused() async throws {
        let output = HostTree().file("taken/x", "x")
        let result = try await CommandLineTests.runAsync(["--capture", output.path + "/taken"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("exists and is not empty"), "\(result.stderr)")
    }
}
