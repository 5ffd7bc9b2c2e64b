import ArchLabelCore
import Testing
import TestSupport

/// Board identification from device-tree strings and Raspberry Pi revision codes.
struct BoardIdentifierTests {
    static let boards = Fixtures.tsv("devicetree/dt-models.tsv")
    static let expected = Dictionary(uniqueKeysWithValues: Fixtures.tsv("devicetree/dt-models-expected.tsv").map { ($0["board"]!, $0) })

    static func labels(model: String?, compatible: [String], revision: String? = nil) throws -> LabelSet {
        var facts = HostFacts()
        if let model { facts.deviceTreeModel = Fact(model, Evidence("/proc/device-tree/model", model)) }
        if !compatible.isEmpty { facts.deviceTreeCompatible = Fact(compatible, Evidence("/proc/device-tree/compatible", "")) }
        if let revision {
            facts.cpuInfo = Fact(CPUInfo(parsing: "Hardware\t: BCM2835\nRevision\t: \(revision)\n"), Evidence("/proc/cpuinfo", ""))
        }
        return LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
    }

    @Test func everyBoardHasAnExpectation() {
        #expect(Set(BoardIdentifierTests.boards.map { $0["board"]! }) == Set(BoardIdentifierTests.expected.keys))
    }

    /// Linux v7.1 device trees (Tests/Fixtures/devicetree/dt-models.tsv).
    @Test(arguments: boards)
    func identifiesPopularBoards(_ row: [String: String]) throws {
        let labels = try Self.labels(model: row["model"], compatible: row["compatible"]!.split(separator: " ").map(String.init))
        let expected = Self.expected[row["board"]!]
        #expect(labels["hardware"] == expected?["hardware"])
        #expect(labels["soc"] == expected?["soc"])
        #expect(labels["hardware.model"] == LabelSyntax.sanitisedValue(row["model"]!))
    }

    /// All 1,636 boards of Linux's device trees: whatever the strings, a valid label or none.
    @Test func everyLinuxBoardGivesValidLabels() throws {
        let rows = Fixtures.tsv("devicetree/dt-models-all.tsv")
        #expect(rows.count > 1600)
        for row in rows {
            let labels = try Self.labels(model: row["model"], compatible: (row["compatible(space-separated, most-specific first)"] ?? "").split(separator: " ").map(String.init))
            #expect(labels.entries.allSatisfy { LabelSyntax.isValidValue($0.value) })
            #expect(labels["hardware"] != nil, "\(row)")
        }
    }

    /// Firmware model strings of real boards ("… Plus Rev 1.3") and the revision code seen with
    /// them must name the same family, each on its own.
    @Test(arguments: Fixtures.tsv("devicetree/rpi-firmware-model-strings.tsv"))
    func firmwareModelStringsAgreeWithRevisionCodes(_ row: [String: String]) throws {
        let model = row["model_string"]!
        let byModel = try Self.labels(model: model, compatible: [])
        #expect(byModel["hardware"]?.hasPrefix("rpi") == true, "\(model)")
        #expect(byModel["hardware.model"] == LabelSyntax.sanitisedValue(model))
        let code = row["revision_code_seen"]!.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" }).first.map(String.init) ?? ""
        guard UInt32(code, radix: 16) != nil else { return }
        let byRevision = try Self.labels(model: nil, compatible: [], revision: code)
        #expect(byRevision["hardware"] == byModel["hardware"], "\(model) vs \(code)")
    }

    @Test func compatibleWinsOverRevisionAndModel() throws {
        // A CM4 carrier's model string would say nothing about the module; compatible does.
        let labels = try Self.labels(model: "Some Carrier Board", compatible: ["raspberrypi,4-compute-module", "brcm,bcm2711"],
                                     revision: "a020d3")
        #expect(labels["hardware"] == "rpi-cm4")
        #expect(labels["soc"] == "bcm2711")
    }

    @Test func revisionCodeIgnoredOnBoardsThatAreNotPis() throws {
        // Odroid-C2 prints `Revision : 020c`; that must not be read as a Raspberry Pi code.
        let labels = try Self.labels(model: "Hardkernel ODROID-C2", compatible: ["hardkernel,odroid-c2", "amlogic,meson-gxbb"],
                                     revision: "a02082")
        #expect(labels["hardware"] == "odroid-c2")
        #expect(labels["hardware.revision"] == nil)
        #expect(labels["memory.gib"] == nil)
    }

    @Test func unknownBoardUsesItsCompatible() throws {
        let labels = try Self.labels(model: "Sinovoip BPI-M2 Zero", compatible: ["sinovoip,bpi-m2-zero", "allwinner,sun8i-h2-plus"])
        #expect(labels["hardware"] == "sinovoip-bpi-m2-zero")
        #expect(labels["soc"] == "sun8i-h2-plus")
    }
}
