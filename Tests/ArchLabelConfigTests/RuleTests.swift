import ArchLabelConfig
import ArchLabelCore
import Testing

/// Rules over the built-in labels: every operator, Gt/Lt on values that are not integers, the
/// order in which static and rule labels win, and prefixes.
@Suite struct RuleTests {
    /// The built-in labels of a Pi 4 with 4 GiB, with `prefix`.
    static func pi4(prefix: LabelPrefix = .default) -> LabelSet {
        LabelSet([
            ComputedLabel("hardware", "rpi4", []), ComputedLabel("memory.gib", "4", []),
            ComputedLabel("cpu.cores", "4", []), ComputedLabel("os.version", "24.04", []),
        ], prefix: prefix)
    }

    @Test(arguments: [
        ("{key: hardware, operator: In, values: [rpi3, rpi4]}", true),
        ("{key: hardware, operator: In, values: [rpi5]}", false),
        ("{key: hardware, operator: NotIn, values: [rpi5]}", true),
        ("{key: soc, operator: NotIn, values: [bcm2711]}", true),
        ("{key: hardware, operator: Exists}", true),
        ("{key: soc, operator: Exists}", false),
        ("{key: soc, operator: DoesNotExist}", true),
        ("{key: memory.gib, operator: Gt, values: [\"3\"]}", true),
        ("{key: memory.gib, operator: Gt, values: [\"4\"]}", false),
        ("{key: memory.gib, operator: Lt, values: [\"8\"]}", true),
        ("{key: soc, operator: Lt, values: [\"8\"]}", false),
    ])
    func operators(expression: String, holds: Bool) throws {
        let configuration = try Configuration(
            parsing: Array("rules:\n  - labels: {matched: \"yes\"}\n    matchExpressions: [\(expression)]\n".utf8), file: "c.yaml")
        let (labels, warnings) = CustomLabels.compute(configuration, builtin: Self.pi4())
        #expect(labels.map(\.name) == (holds ? ["matched"] : []))
        #expect(warnings.isEmpty)
    }

    @Test func gtOnAValueThatIsNotAnIntegerFailsWithAWarning() throws {
        let configuration = try Configuration(
            parsing: Array("rules:\n  - labels: {new-os: \"yes\"}\n    matchExpressions: [{key: os.version, operator: Gt, values: [\"22\"]}]\n".utf8),
            file: "c.yaml")
        let (labels, warnings) = CustomLabels.compute(configuration, builtin: Self.pi4())
        #expect(labels.isEmpty)
        #expect(warnings.map(\.description) == ["c.yaml:2:5 rules[0]: os.version=24.04 is not an integer, so Gt does not hold"])
    }

    @Test func theSeedClustersRuleWithEvidence() throws {
        let configuration = try Configuration(parsing: Array("""
            labels: {site: garage}
            rules:
              - labels: {workload-tier: light}
                matchExpressions:
                  - {key: hardware, operator: In, values: [rpi3, rpi4]}
                  - {key: memory.gib, operator: Lt, values: ["8"]}
            """.utf8), file: "/etc/archlabeld/config.yaml")
        let (labels, _) = CustomLabels.compute(configuration, builtin: Self.pi4())
        #expect(labels.map(\.name) == ["site", "workload-tier"])
        #expect(labels[1].evidence.map(\.description)
            == ["/etc/archlabeld/config.yaml:3:5 rules[0]: hardware In [rpi3, rpi4], memory.gib Lt [8]"])
        #expect(labels[0].evidence.map(\.description) == ["/etc/archlabeld/config.yaml: labels.site"])
    }

    @Test func staticLabelsWinOverRulesAndEarlierRulesOverLaterOnes() throws {
        let configuration = try Configuration(parsing: Array("""
            labels: {tier: static}
            rules:
              - labels: {tier: first, zone: first}
              - labels: {zone: second, extra: second}
            """.utf8), file: "c.yaml")
        let (labels, _) = CustomLabels.compute(configuration, builtin: Self.pi4())
        #expect(Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0.rawValue) }) == ["tier": "static", "zone": "first", "extra": "second"])
    }

    @Test(arguments: [LabelPrefix.default, try! LabelPrefix(""), try! LabelPrefix("example.com/")])
    func customKeysTakeThePrefixUnlessTheyHaveTheirOwn(prefix: LabelPrefix) throws {
        var configuration = Configuration()
        configuration.labels = ["site": "garage", "other.io/rack": "7"]
        let (labels, _) = CustomLabels.compute(configuration, builtin: Self.pi4(prefix: prefix))
        let set = LabelSet(labels, prefix: prefix)
        #expect(set.dictionary == [prefix.key("site"): "garage", "other.io/rack": "7"])
    }

    @Test func rulesSeeDisabledLabelsTheyAreOnlyNotPublished() throws {
        // `disable` filters what is published; rule evaluation uses every computed built-in label.
        let configuration = try Configuration(parsing: Array("""
            disable: [memory.gib]
            rules:
              - labels: {small: "true"}
                matchExpressions: [{key: memory.gib, operator: Lt, values: ["8"]}]
            """.utf8), file: "c.yaml")
        #expect(CustomLabels.compute(configuration, builtin: Self.pi4()).labels.map(\.name) == ["small"])
    }
}
