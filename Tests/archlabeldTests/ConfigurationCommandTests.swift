import Foundation
import Testing
import TestSupport

/// The configuration file through the built binary: found under --root or given with --config,
/// custom labels with their evidence in the dry run, flags overriding the file, and errors that
/// name file, line, column and key.
@Suite struct ConfigurationCommandTests {
    static let seed = """
        labels: {site: garage, other.io/rack: "7"}
        disable: [cpu.cores]
        rules:
          - labels: {workload-tier: light}
            matchExpressions:
              - {key: hardware, operator: In, values: [rpi3, rpi4]}
              - {key: memory.gib, operator: Lt, values: ["16"]}
        dropInDirectory: /etc/archlabeld/labels.d

        """

    /// A copy of the Pi 4 fixture with `config` at the default location and one drop-in file.
    static func host(config: String?) throws -> HostTree {
        let tree = try HostTree(copying: "hosts/rpi4-raspios-arm64/root")
        if let config { tree.file("etc/archlabeld/config.yaml", config) }
        tree.file("etc/archlabeld/labels.d/hook", "# written by a hook\nssd.shelf\n")
        return tree
    }

    private func json(_ result: CommandLineTests.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func theDefaultConfigUnderTheRootAddsCustomLabelsWithEvidence() async throws {
        let tree = try Self.host(config: Self.seed)
        let result = try await CommandLineTests.runAsync(["--once", "--dry-run", "--output", "json", "--root", tree.path, "--node-name", "pi4"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try json(result)
        let labels = try #require(document["labels"] as? [String: String])
        #expect(labels["archlabeld.io/site"] == "garage")
        #expect(labels["other.io/rack"] == "7")
        #expect(labels["archlabeld.io/workload-tier"] == "light")
        #expect(labels["archlabeld.io/ssd.shelf"] == "true")
        #expect(labels["archlabeld.io/cpu.cores"] == nil, "disabled")
        #expect(labels["archlabeld.io/hardware"] == "rpi4")
        let evidence = try #require(document["evidence"] as? [String: String])
        let config = "\(tree.path)/etc/archlabeld/config.yaml"
        #expect(evidence["archlabeld.io/workload-tier"] == "\(config):4:5 rules[0]: hardware In [rpi3, rpi4], memory.gib Lt [16]")
        #expect(evidence["archlabeld.io/site"] == "\(config): labels.site")
        #expect(evidence["archlabeld.io/ssd.shelf"] == "/etc/archlabeld/labels.d/hook:2: ssd.shelf=true")
    }

    @Test func flagsOverrideTheFile() async throws {
        let tree = try Self.host(config: "labelPrefix: example.com/\nnodeName: from-config\n")
        let fromFile = try json(try await CommandLineTests.runAsync(["--once", "--dry-run", "--output", "json", "--root", tree.path]))
        #expect(fromFile["node"] as? String == "from-config")
        #expect((fromFile["labels"] as? [String: String])?["example.com/hardware"] == "rpi4")
        let overridden = try json(try await CommandLineTests.runAsync([
            "--once", "--dry-run", "--output", "json", "--root", tree.path, "--label-prefix", "", "--node-name", "from-flag",
        ]))
        #expect(overridden["node"] as? String == "from-flag")
        #expect((overridden["labels"] as? [String: String])?["hardware"] == "rpi4")
    }

    @Test func anExplicitConfigIsReadAsGivenAndMustExist() async throws {
        let tree = try Self.host(config: "labels: {from: default-location}\n")
        let own = HostTree().file("mine.yaml", "labels: {from: flag}\n")
        let result = try await CommandLineTests.runAsync([
            "--once", "--dry-run", "--output", "json", "--root", tree.path, "--node-name", "pi4", "--config", "\(own.path)/mine.yaml",
        ])
        #expect((try json(result)["labels"] as? [String: String])?["archlabeld.io/from"] == "flag")
        let missing = try await CommandLineTests.runAsync(["--once", "--dry-run", "--root", tree.path, "--config", "/nonexistent.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: config file /nonexistent.yaml (--config): no such file\n")
    }

    @Test func anInvalidConfigFailsNamingFileLineColumnAndKey() async throws {
        let tree = try Self.host(config: "labels: {site: garage}\nrules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: memory.gib, operator: Gt, values: [lots]}\n")
        let result = try await CommandLineTests.runAsync(["--once", "--dry-run", "--root", tree.path, "--node-name", "pi4"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: \(tree.path)/etc/archlabeld/config.yaml:5:9: rules[0].matchExpressions[0]: Gt needs an integer value, not \"lots\"\n")
    }
}
