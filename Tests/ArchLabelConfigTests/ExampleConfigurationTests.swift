import ArchLabelConfig
import ArchLabelYAML
import Testing
import TestSupport

/// packaging/config.yaml, the example installed as the default file: as shipped it changes
/// nothing, and with every example line uncommented it is valid and sets every key.
@Suite struct ExampleConfigurationTests {
    static let text = Fixtures.repositoryText("packaging/config.yaml")

    @Test func asShippedItIsTheDefaults() throws {
        var parsed = try Configuration(parsing: Array(Self.text.utf8), file: "config.yaml")
        parsed.source = "defaults"
        #expect(parsed == Configuration())
    }

    @Test func uncommentedItDocumentsEveryKey() throws {
        // Example lines are "#" directly before the YAML (nested ones "#  "); prose is "# text".
        let uncommented = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let isExample = line.hasPrefix("#") && line != "#" && (!line.hasPrefix("# ") || line.hasPrefix("#  "))
            return isExample ? String(line.dropFirst()) : String(line)
        }.joined(separator: "\n")
        guard let root = try YAMLParser.parse(Array(uncommented.utf8), file: "config.yaml") else {
            Issue.record("empty")
            return
        }
        let keys = try YAMLValue(root: root, file: "config.yaml").mapping().values.map(\.key)
        #expect(Set(keys) == ["labelPrefix", "nodeName", "kubeconfig", "interval", "disable", "labels", "rules",
                              "dropInDirectory", "overwriteForeignLabels", "devices"])
        let parsed = try Configuration(parsing: Array(uncommented.utf8), file: "config.yaml")
        #expect(parsed.rules.count == 1)
        #expect(parsed.labels.count == 2)
        #expect(parsed.disable.count == 2)
        #expect(parsed.devices.named.map(\.name) == ["zigbee", "meter-upstairs"])
    }
}
