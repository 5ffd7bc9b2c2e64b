import ArchLabelCore
import Testing

/// Label keys, values and the deterministic sanitiser, including hostile strings.
struct LabelSyntaxTests {
    @Test(arguments: [
        ("Raspberry Pi 4 Model B Rev 1.4", "Raspberry-Pi-4-Model-B-Rev-1.4"),
        ("Standard PC (Q35 + ICH9, 2009)", "Standard-PC-Q35-ICH9-2009"),
        ("  --leading and trailing--  ", "leading-and-trailing"),
        ("\"quoted\"\nnew\tline\u{1}ctl", "quoted-new-line-ctl"),
        ("Ünïcödé Böard", "n-c-d-B-ard"),
        ("1.7.23-k3s2", "1.7.23-k3s2"),
        ("a_b.c", "a_b.c"),
        ("x86_64", "x86_64"),
    ])
    func sanitises(_ raw: String, _ expected: String) {
        #expect(LabelSyntax.sanitisedValue(raw) == expected)
        #expect(LabelSyntax.isValidValue(expected))
    }

    @Test(arguments: ["", "   ", "---", "\u{0}\u{1}\u{2}", "ÜÖÄ", "💥"])
    func nothingValidRemains(_ raw: String) {
        #expect(LabelSyntax.sanitisedValue(raw) == nil)
    }

    @Test func cutsAtSixtyThreeAndTrimsAgain() throws {
        let long = String(repeating: "a", count: 62) + "-" + String(repeating: "b", count: 10_000)
        let value = try #require(LabelSyntax.sanitisedValue(long))
        #expect(value == String(repeating: "a", count: 62))
        let ten = try #require(LabelSyntax.sanitisedValue(String(repeating: "x(", count: 5_000)))
        #expect(ten.count <= 63 && LabelSyntax.isValidValue(ten))
    }

    @Test(arguments: [
        ("archlabeld.io/hardware", true), ("hardware", true), ("hardware.model", true), ("a/b/c", false),
        ("Archlabeld.io/hardware", false), ("archlabeld.io/", false), ("-x", false), ("x-", false),
        (String(repeating: "a", count: 64), false), ("example.com/" + String(repeating: "a", count: 63), true),
    ])
    func keys(_ key: String, _ valid: Bool) {
        #expect(LabelSyntax.isValidKey(key) == valid)
    }

    @Test(arguments: [("", ""), ("archlabeld.io/", "archlabeld.io/"), ("example.com", "example.com/")])
    func acceptsPrefixes(_ text: String, _ rendered: String) throws {
        #expect(try LabelPrefix(text).rawValue == rendered)
    }

    @Test(arguments: ["kubernetes.io/", "node.kubernetes.io/", "k8s.io", "x.k8s.io/", "Upper.io/", "a_b.io/", "-a.io/"])
    func refusesPrefixes(_ text: String) {
        #expect(throws: LabelPrefix.InvalidPrefix.self) { try LabelPrefix(text) }
    }

    @Test func labelSetDropsWhatCannotBeValidAndWarns() throws {
        let set = LabelSet([
            ComputedLabel("hardware", "💥", []),
            ComputedLabel("os.id", "debian", []),
            ComputedLabel("os.id", "second-loses", []),
            ComputedLabel("bad name!", "x", []),
        ], prefix: .default)
        #expect(set.dictionary == ["archlabeld.io/os.id": "debian"])
        #expect(set.warnings.count == 2)
    }
}
