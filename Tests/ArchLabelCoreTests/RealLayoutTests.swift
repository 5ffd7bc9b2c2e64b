import ArchLabelCore
import Testing
import TestSupport

/// Containers, k3s nodes and Raspberry Pi storage as real machines printed them
/// (Tests/Fixtures/layouts: origins in SOURCES.tsv, expectations worked out by hand in EXPECTED.tsv).
struct RealLayoutTests {
    static let expected = Fixtures.tsv("layouts/EXPECTED.tsv")

    @Test func everyFileHasAnOriginAndAnExpectation() {
        #expect(Set(Self.expected.map { $0["file"]! }) == Set(Fixtures.tsv("layouts/SOURCES.tsv").map { $0["file"]! }))
    }

    @Test(arguments: expected)
    func givesTheExpectedValue(_ row: [String: String]) throws {
        let file = "layouts/\(row["file"]!)"
        let text = Fixtures.text(file)
        let expected = row["expected"]!
        switch row["what"]! {
        case "mountinfo-root":
            let root = MountInfoEntry.entry(mountedOn: "/", parsing: text)
            #expect(root.map { "\($0.major):\($0.minor) \($0.fileSystemType) \($0.source)" } ?? "-" == expected)
        case "memory.gib":
            var facts = HostFacts()
            facts.memTotalKiB = MemInfo.memTotalKiB(parsing: text).map { Fact($0, Evidence("/proc/meminfo", "")) }
            #expect(LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))["memory.gib"] == expected)
        case "container":
            #expect(NulSeparatedEnvironment.value(of: "container", parsing: Array(text.utf8)) == expected)
        case "cpu-list":
            // As the CPU probe reads it: the first line of the file.
            #expect(firstLine(of: text).flatMap(CPUList.count(parsing:)).map(String.init) == expected)
        case "cpuinfo-processors":
            #expect(String(CPUInfo(parsing: text).processorCount) == expected)
        case "sys-block-link":
            // `ls -l` of /sys/block: "NAME -> ../devices/…/block/NAME".
            let link = try #require(text.split(separator: "\n").first { $0.contains(" -> ../devices/") })
            let parts = link.split(separator: " ")
            let name = String(parts[parts.count - 3])
            let target = String(parts[parts.count - 1])
            let kind = StorageClassifier.classify(.init(name: name, sysfsPath: "/sys/block/" + target))
            // An MMC device's kind needs its card's `type` (SD or MMC), which an `ls -l` does not show.
            #expect("\(name) \(kind.map { "\($0)" } ?? (name.hasPrefix("mmcblk") ? "mmc-without-type" : "-"))" == expected)
        case "talos-disks":
            // `talosctl disks`: DEV, TYPE (the card's `device/type` for MMC) and BUS_PATH under /sys/devices.
            let kinds = text.split(separator: "\n").filter { $0.hasPrefix("/dev/") }.map { line -> String in
                let columns = line.split(separator: " ")
                let name = String(columns[0].dropFirst("/dev/".count))
                let busPath = String(columns[columns.count - 1])
                let type = columns.contains("SD") ? "SD" : columns.contains("MMC") ? "MMC" : nil
                let kind = StorageClassifier.classify(.init(name: name, sysfsPath: "/sys/devices" + busPath + "block/" + name, mmcType: type))
                return "\(name) \(kind.map { "\($0)" } ?? "-")"
            }
            #expect(kinds.joined(separator: ", ") == expected)
        case "udev-properties":
            // udev's view of a block device: DEVPATH under /sys, MMC_TYPE from the card's `device/type`.
            let value = { (key: String) in
                text.split(separator: "\n").first { $0.contains("\(key): ") }.map { String($0.split(separator: " ").last!) }
            }
            let devpath = try #require(value("DEVPATH"))
            let name = String(devpath.split(separator: "/").last!)
            let kind = StorageClassifier.classify(.init(name: name, sysfsPath: "/sys" + devpath, mmcType: value("MMC_TYPE")))
            #expect("\(name) \(kind.map { "\($0)" } ?? "-")" == expected)
        case "socket-listing":
            break  // a probe's test: ArchLabelProbesTests/RealLayoutProbeTests
        default:
            Issue.record("unknown expectation \(row["what"]!)")
        }
    }
}
