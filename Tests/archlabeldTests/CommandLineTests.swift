import Foundation
import Testing
import TestSupport

/// The built `archlabeld` binary, run as users run it: exit codes, stderr messages, text and JSON.
struct CommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: String = {
        // Tests run from the build products directory, next to the executable.
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent(), products.deletingLastPathComponent().deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("archlabeld").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "archlabeld"
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NODE_NAME"] = nil
        env["NOTIFY_SOCKET"] = nil  // the notifier tests own that socket
        env["KUBECONFIG"] = nil  // credentials come only from what a test passes
        env["KUBERNETES_SERVICE_HOST"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `run` for async tests: the child process is waited for off the cooperative threads.
    static func runAsync(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await offload { try run(arguments, environment: environment) }
    }

    static let virtWhatLXC = Fixtures.path("virt-what/cases/lxc")

    @Test func dryRunPrintsTheTableOnThisMachine() async throws {
        let result = try await Self.runAsync(["--once", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("archlabeld.io/virt "))
        #expect(result.stdout.contains("dry run: nothing was sent"))
    }

    @Test func jsonDocumentHasTheContractKeys() async throws {
        let result = try await Self.runAsync(["--once", "--dry-run", "--output", "json", "--root", Self.virtWhatLXC, "--node-name", "n1"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["node"] as? String == "n1")
        let labels = try #require(document["labels"] as? [String: String])
        #expect(labels["archlabeld.io/virt"] == "lxc")
        #expect(labels["archlabeld.io/virt.container"] == "lxc")
        let evidence = try #require(document["evidence"] as? [String: String])
        #expect(Set(evidence.keys) == Set(labels.keys))
        #expect(evidence["archlabeld.io/virt"]?.contains("/proc/1/environ") == true)
        #expect(document["changes"] is NSNull)
        #expect(document["patch"] is NSNull)
    }

    @Test func emptyPrefixGivesBareKeys() async throws {
        let result = try await Self.runAsync(["--once", "--dry-run", "--output", "json", "--root", Self.virtWhatLXC, "--label-prefix", ""])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((document["labels"] as? [String: String])?["virt"] == "lxc")
    }

    @Test func nodeNameComesFromTheEnvironmentThenK3sThenHostname() async throws {
        let tree = HostTree()
        tree.file("etc/hostname", "Pi-Node-1\n")
        var result = try await Self.runAsync(["--once", "--dry-run", "--root", tree.path])
        #expect(result.stdout.contains("node: pi-node-1"))
        tree.file("etc/rancher/k3s/config.yaml", "token: secret\nnode-name: \"garage-pi\" # set by ansible\n")
        result = try await Self.runAsync(["--once", "--dry-run", "--root", tree.path])
        #expect(result.stdout.contains("node: garage-pi"))
        #expect(!result.stdout.contains("secret"))
        result = try await Self.runAsync(["--once", "--dry-run", "--root", tree.path], environment: ["NODE_NAME": "from-env"])
        #expect(result.stdout.contains("node: from-env"))
    }

    @Test(arguments: [["--once"], ["--prune"], ["--once", "--dry-run", "--kubeconfig", "/nonexistent/kubeconfig"],
                      ["--once", "--kubeconfig", "/nonexistent/kubeconfig"]])
    func noCredentialsSaysWhatWasTried(_ arguments: [String]) async throws {
        let result = try await Self.runAsync(arguments + ["--node-name", "n1", "--root", Self.virtWhatLXC])
        if arguments.contains("--kubeconfig"), !arguments.contains("--dry-run") {
            #expect(result.status == 1)
            #expect(result.stderr == "Error: kubeconfig /nonexistent/kubeconfig (--kubeconfig): no such file\n")
        } else if arguments.contains("--dry-run") {
            #expect(result.status == 0)
            #expect(result.stdout.contains("live Node: not compared (kubeconfig /nonexistent/kubeconfig (--kubeconfig): no such file)"))
        } else {
            #expect(result.status == 1)
            #expect(result.stderr == "Error: no Kubernetes credentials found (tried in-cluster service account, "
                + "\(Self.virtWhatLXC)/var/lib/rancher/k3s/agent/kubelet.kubeconfig, \(Self.virtWhatLXC)/etc/rancher/k3s/k3s.yaml, "
                + "\(Self.virtWhatLXC)/etc/kubernetes/kubelet.conf); pass --kubeconfig FILE or run on a k3s node\n")
        }
    }

    @Test func missingRootIsARuntimeErrorNamingTheDirectory() async throws {
        let result = try await Self.runAsync(["--once", "--dry-run", "--root", "/nonexistent/capture"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/capture"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// `--dry-run` alone included: it would otherwise start the daemon, which writes.
    @Test(arguments: [["--label-prefix", "kubernetes.io/"], ["--output", "yaml"], ["--bogus"], ["--once", "--output", "json"],
                      ["--once", "--prune"], ["--dry-run"], ["--kubeconfig", ""]])
    func usageErrorsAreDistinct(_ arguments: [String]) async throws {
        let result = try await Self.runAsync(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test func theDaemonWithoutCredentialsFailsAtOnceNamingWhatWasTried() async throws {
        let result = try await Self.runAsync(["--node-name", "n1", "--root", Self.virtWhatLXC])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: no Kubernetes credentials found (tried in-cluster service account, "), "\(result.stderr)")
    }

    @Test func versionAndHelp() async throws {
        #expect(try await Self.runAsync(["--version"]).stdout.hasPrefix("0."))
        let help = try await Self.runAsync(["--help"])
        #expect(help.status == 0)
        for flag in ["--once", "--dry-run", "--prune", "--root", "--config", "--kubeconfig", "--node-name",
                     "--label-prefix", "--output", "--log-format", "--log-level", "--version"] {
            #expect(help.stdout.contains(flag), "\(flag)")
        }
    }
}
