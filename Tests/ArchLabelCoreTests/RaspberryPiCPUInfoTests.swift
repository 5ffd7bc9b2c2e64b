import ArchLabelCore
import Testing
import TestSupport

/// Raspberry Pis seen only through /proc/cpuinfo, as in a container that masks /sys/firmware
/// (and with it the device tree): real captures of every family whose firmware prints a `Model`
/// line (Tests/Fixtures/rpi-cpuinfo; origins in SOURCES.tsv), 32- and 64-bit kernels, Raspberry Pi
/// OS and Ubuntu. EXPECTED.tsv was worked out from each file's Model line and revision code
/// (raspberrypi/documentation's bit layout), not from this code.
struct RaspberryPiCPUInfoTests {
    static let expected = Fixtures.tsv("rpi-cpuinfo/EXPECTED.tsv")

    static func labels(cpuinfo text: String) throws -> LabelSet {
        var facts = HostFacts()
        facts.cpuInfo = Fact(CPUInfo(parsing: text), Evidence("/proc/cpuinfo", ""))
        return LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
    }

    @Test func everyCaptureHasAnOriginAndAnExpectation() {
        let files = Fixtures.names(in: "rpi-cpuinfo").filter { $0.hasSuffix(".txt") }
        #expect(files == Self.expected.map { $0["file"]! }.sorted())
        #expect(files == Fixtures.tsv("rpi-cpuinfo/SOURCES.tsv").map { $0["file"]! }.sorted())
    }

    @Test(arguments: expected)
    func identifiesTheBoardWithoutADeviceTree(_ row: [String: String]) throws {
        let labels = try Self.labels(cpuinfo: Fixtures.text("rpi-cpuinfo/\(row["file"]!)"))
        let value = { (column: String) in row[column] == "-" ? nil : row[column] }
        #expect(labels["hardware"] == value("hardware"))
        #expect(labels["hardware.model"] == value("model_line").map(LabelSyntax.sanitisedValue))
        #expect(labels["hardware.revision"] == value("hardware.revision"))
        #expect(labels["soc"] == value("soc"))
        #expect(labels["memory.gib"] == value("memory.gib"))
        if value("model_line") != nil {
            #expect(labels.entries.first { $0.name == "hardware.model" }?.evidence.first?.source == "/proc/cpuinfo")
        }
    }

    /// Odroid kernels print a `Revision` line too: without a Raspberry Pi Model line, device tree
    /// or BCM Hardware line it is not a Pi.
    @Test func aRevisionLineAloneIsNotAPi() throws {
        let labels = try Self.labels(cpuinfo: Fixtures.text("cpuinfo/google-cpu_features_cpuinfo_arm_ODroidFromCpuInfo.txt"))
        #expect(labels["hardware"] == nil && labels["memory.gib"] == nil && labels["hardware.model"] == nil)
        let invented = try Self.labels(cpuinfo: "processor\t: 0\nRevision\t: c03114\nModel\t\t: ODROID-N2Plus\n")
        #expect(invented["hardware"] == nil && invented["hardware.model"] == nil)
    }

    /// The device tree's model wins over the cpuinfo line where both are visible.
    @Test func theDeviceTreeModelWins() throws {
        var facts = HostFacts()
        facts.cpuInfo = Fact(CPUInfo(parsing: "Revision\t: d03114\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"), Evidence("/proc/cpuinfo", ""))
        facts.deviceTreeModel = Fact("Raspberry Pi 4 Model B Rev 1.5", Evidence("/proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.5"))
        let labels = LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
        #expect(labels["hardware.model"] == "Raspberry-Pi-4-Model-B-Rev-1.5")
    }
}
