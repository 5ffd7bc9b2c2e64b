import ArchLabelConfig
import ArchLabelCore
import ArchLabelYAML
import Testing

/// The configuration file: every key, the defaults, and each error class with its exact location.
@Suite struct ConfigurationTests {
    private func parse(_ text: String) throws -> Configuration {
        try Configuration(parsing: Array(text.utf8), file: "/etc/archlabeld/config.yaml")
    }

    @Test func absentOrEmptyFileIsTheDefaults() throws {
        for text in ["", "# nothing yet\n"] {
            let configuration = try parse(text)
            #expect(configuration.labelPrefix == .default)
            #expect(configuration.interval == .seconds(600))
            #expect(configuration.nodeName == nil && configuration.kubeconfig == nil)
            #expect(configuration.disable.isEmpty && configuration.labels.isEmpty && configuration.rules.isEmpty)
            #expect(configuration.dropInDirectory == "/etc/archlabeld/labels.d")
            #expect(!configuration.overwriteForeignLabels)
        }
        #expect(Configuration().source == "defaults")
    }

    @Test func everyKey() throws {
        let configuration = try parse("""
            labelPrefix: "example.com/"
            nodeName: pi4-garage
            kubeconfig: /etc/archlabeld/kubeconfig
            interval: 1h30m
            disable: [cpu.cores, emulation.amd64]
            labels: {site: garage, other.io/rack: "7"}
            rules:
              - labels: {workload-tier: light}
                matchExpressions:
                  - {key: hardware, operator: In, values: [rpi3, rpi4]}
                  - {key: memory.gib, operator: Lt, values: ["8"]}
            dropInDirectory: /srv/labels.d
            overwriteForeignLabels: true
            """)
        #expect(configuration.labelPrefix.rawValue == "example.com/")
        #expect(configuration.nodeName == "pi4-garage")
        #expect(configuration.kubeconfig == "/etc/archlabeld/kubeconfig")
        #expect(configuration.interval == .seconds(5400))
        #expect(configuration.disable == ["cpu.cores", "emulation.amd64"])
        #expect(configuration.labels == ["site": "garage", "other.io/rack": "7"])
        #expect(configuration.rules.count == 1)
        #expect(configuration.rules[0].labels == ["workload-tier": "light"])
        #expect(configuration.rules[0].matchExpressions == [
            MatchExpression(key: "hardware", operator: .in, values: ["rpi3", "rpi4"]),
            MatchExpression(key: "memory.gib", operator: .lessThan, values: ["8"]),
        ])
        #expect(configuration.rules[0].location == "/etc/archlabeld/config.yaml:8:5 rules[0]")
        #expect(configuration.dropInDirectory == "/srv/labels.d")
        #expect(configuration.overwriteForeignLabels)
    }

    @Test func aDisabledBuiltinMayBeReplaced() throws {
        #expect(try parse("disable: [hardware]\nlabels: {hardware: my-board}").labels == ["hardware": "my-board"])
    }

    @Test func anEmptyPrefixGivesBareKeys() throws {
        #expect(try parse(#"labelPrefix: """#).labelPrefix.rawValue == "")
    }

    @Test(arguments: [("30s", 30), ("10m", 600), ("1h", 3600), ("2h15m", 8100)])
    func intervals(text: String, seconds: Int64) throws {
        #expect(try parse("interval: \(text)").interval == .seconds(seconds))
    }

    /// Each invalid document and the exact error: file, line, column, key path, message.
    @Test(arguments: [
        ("intervall: 5m", "1:1: intervall: unknown key; expected one of devices, disable, dropInDirectory, interval, kubeconfig, labelPrefix, labels, nodeName, overwriteForeignLabels, rules"),
        ("interval: 10", "1:11: interval: \"10\" is not a duration; write it like 30s, 10m, 1h or 1h30m"),
        ("interval: 5s", "1:11: interval: 5s is outside 10s…24h"),
        ("interval: 9223372036854775809s", "1:11: interval: \"9223372036854775809s\" is not a duration"),
        ("interval: 9223372036854775807s1s", "1:11: interval: \"9223372036854775807s1s\" is not a duration"),
        ("interval: 99999999999999999h", "1:11: interval: \"99999999999999999h\" is not a duration"),
        ("interval: [10m]", "1:11: interval: expected a string, found a list"),
        ("labelPrefix: kubernetes.io/", "1:14: labelPrefix: invalid label prefix \"kubernetes.io/\""),
        ("nodeName: Pi_4", "1:11: nodeName: \"Pi_4\" is not a valid node name"),
        ("disable: [cpu.cores, cpu.speed]", "1:22: disable[1]: \"cpu.speed\" is not a built-in label name"),
        ("disable: cpu.cores", "1:10: disable: expected a list, found a scalar"),
        ("labels: {site: garage, rack: \"no spaces\"}", "1:30: labels.rack: \"no spaces\" is not a valid label value"),
        ("labels: {\"bad key\": x}", "1:21: labels.bad key: \"archlabeld.io/bad key\" is not a valid label key"),
        ("labels: {node.kubernetes.io/role: x}", "1:35: labels.node.kubernetes.io/role: \"node.kubernetes.io/role\" is under kubernetes.io"),
        ("labels: {site: {a: b}}", "1:16: labels.site: expected a string, found a mapping"),
        ("overwriteForeignLabels: yes", "1:25: overwriteForeignLabels: expected true or false, found \"yes\""),
        ("dropInDirectory: labels.d", "1:18: dropInDirectory: \"labels.d\" is not an absolute path"),
        ("rules:\n  - matchExpressions: []\n", "2:5: rules[0]: missing required key \"labels\""),
        ("rules:\n  - labels: {}\n", "2:5: rules[0]: a rule must set at least one label"),
        ("rules:\n  - labels: {a: b}\n    match: []\n", "3:5: rules[0].match: unknown key"),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: cpu.speed, operator: Exists}\n",
         "4:15: rules[0].matchExpressions[0].key: \"cpu.speed\" is not a built-in label name"),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: hardware, operator: in, values: [rpi4]}\n",
         "4:35: rules[0].matchExpressions[0].operator: \"in\" is not an operator; use one of In, NotIn, Exists, DoesNotExist, Gt, Lt"),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: memory.gib, operator: Gt, values: [\"4GB\"]}\n",
         "4:9: rules[0].matchExpressions[0]: Gt needs an integer value, not \"4GB\""),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: memory.gib, operator: Lt, values: [\"4\", \"8\"]}\n",
         "4:9: rules[0].matchExpressions[0]: Lt needs exactly one value"),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: hardware, operator: In}\n",
         "4:9: rules[0].matchExpressions[0]: In needs at least one value"),
        ("rules:\n  - labels: {a: b}\n    matchExpressions:\n      - {key: hardware, operator: Exists, values: [x]}\n",
         "4:9: rules[0].matchExpressions[0]: Exists takes no values"),
        ("labels: {a: b}\nlabels: {c: d}\n", "2:1: duplicate key \"labels\""),
        ("labels: {hardware: my-board}", "1:20: labels.hardware: \"hardware\" is a built-in label; add it to disable to replace it"),
        ("rules:\n  - labels: {virt: none}\n", "2:20: rules[0].labels.virt: \"virt\" is a built-in label"),
    ])
    func errorsNameTheirPlace(text: String, expected: String) {
        expectConfigurationError(text, expected)
    }
}

/// Parses `text` as /etc/archlabeld/config.yaml and expects an error starting with the file name,
/// then `expected` (line:column: key path: message).
func expectConfigurationError(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try Configuration(parsing: Array(text.utf8), file: "/etc/archlabeld/config.yaml")
        Issue.record("expected an error for \(text.debugDescription)", sourceLocation: sourceLocation)
    } catch {
        #expect("\(error)".hasPrefix("/etc/archlabeld/config.yaml:" + expected), "\(error)", sourceLocation: sourceLocation)
    }
}
