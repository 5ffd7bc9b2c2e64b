import ArchLabelCore
import ArchLabelProbes
import Foundation
import Testing
import TestSupport

/// Broken, empty, binary, huge and hostile files: never a crash, never an invalid label, a
/// warning where something could not be read, and a clear error only for a missing root.
struct HostileInputTests {
    static let hostileModels: [String] = [
        "Raspberry Pi 4 \"Model\" B\nRev 1.4",
        "\u{1b}[31mred\u{1b}[0m board\u{7}",
        "Плата Raspberry Pi 5 ✨",
        String(repeating: "A", count: 10_240),
        "",
        "\u{0}\u{0}\u{0}",
    ]

    @Test(arguments: hostileModels.indices)
    func hostileDeviceTreeModels(_ index: Int) throws {
        let tree = HostTree()
        tree.bytes("sys/firmware/devicetree/base/model", Array(Self.hostileModels[index].utf8) + [0])
            .bytes("sys/firmware/devicetree/base/compatible", Array("raspberrypi,5-model-b\0brcm,bcm2712\0".utf8))
        let (labels, _, set) = try probeLabels(root: tree.path)
        #expect(allValid(set))
        #expect(labels["hardware"] == "rpi5")
        if let model = labels["hardware.model"] { #expect(model.count <= 63) }
    }

    static let brokenCPUInfos: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        ("truncated", Array("processor\t: 0\nCPU implementer\t: 0x4".utf8)),
        ("binary", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }),
        ("no colon", Array(String(repeating: "garbage line\n", count: 1000).utf8)),
        ("bad numbers", Array("processor : x\nCPU implementer : 0xZZ\nCPU part : -1\nRevision : ffffffffffff\nflags : \n".utf8)),
        ("invalid utf8", [0xff, 0xfe, 0x3a, 0x20, 0xc3, 0x28, 0x0a] + Array("Revision : d03114\n".utf8)),
    ]

    @Test(arguments: brokenCPUInfos.indices)
    func brokenCPUInfo(_ index: Int) throws {
        let tree = HostTree()
        tree.bytes("proc/cpuinfo", Self.brokenCPUInfos[index].bytes).file("proc/sys/kernel/arch", "aarch64\n")
        let (labels, _, set) = try probeLabels(root: tree.path)
        #expect(allValid(set))
        #expect(labels["arch.variant"] == "v8")
        #expect(labels["hardware"] == nil, "a Revision line alone, without Pi evidence, names no board")
    }

    @Test func hugeFileIsReadOnlyUpToItsLimitAndWarned() throws {
        let tree = HostTree()
        let line = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu lm cmov cx8 fxsr mmx syscall sse sse2\n\n"
        tree.file("proc/cpuinfo", String(repeating: line, count: (9 << 20) / line.utf8.count))
        tree.file("proc/meminfo", "MemTotal: " + String(repeating: "9", count: 100_000) + " kB\n")
        let (labels, facts, set) = try probeLabels(root: tree.path)
        #expect(allValid(set))
        #expect(facts.warnings.contains { $0.source == "/proc/cpuinfo" && $0.message.contains("only the first") })
        #expect(labels["memory.gib"] == nil, "an absurd MemTotal is not a number")
        #expect(labels["arch.variant"] == "v1")
    }

    /// Any read error other than "missing" (here EISDIR; as a user also EACCES) is a warning.
    @Test func directoryInPlaceOfAFileIsWarned() throws {
        let tree = HostTree()
        tree.directory("etc/os-release/oops")
        let (labels, facts, _) = try probeLabels(root: tree.path)
        #expect(labels["os.id"] == nil)
        #expect(facts.warnings.contains { $0.source == "/etc/os-release" })
    }

    @Test func emptyTreeGivesOnlyTheVirtLabel() throws {
        let tree = HostTree()
        let (labels, facts, _) = try probeLabels(root: tree.path)
        #expect(labels == ["virt": "none"])
        #expect(facts.warnings.isEmpty)
    }

    @Test func missingRootIsAClearError() {
        #expect {
            _ = try HostRoot(path: "/nonexistent/archlabeld-root")
        } throws: { error in
            "\(error)".contains("/nonexistent/archlabeld-root") && "\(error)".contains("no such file")
        }
    }

    @Test func symlinksCannotLeaveTheRoot() throws {
        let tree = HostTree()
        // A captured tree whose links point at absolute paths and up past its top.
        tree.symlink("etc/os-release", to: "/etc/../../../../etc/os-release-outside")
            .file("etc/os-release-outside", "ID=inside\nVERSION_ID=1\n")
            .symlink("proc/device-tree", to: "../../../../../sys/firmware/devicetree/base")
            .bytes("sys/firmware/devicetree/base/model", Array("Inside Board\0".utf8))
        let (labels, _, _) = try probeLabels(root: tree.path)
        #expect(labels["os.id"] == "inside")
        #expect(labels["hardware.model"] == "Inside-Board")
        let root = try HostRoot(path: tree.path)
        #expect(root.resolve("/proc/device-tree/model") == "/sys/firmware/devicetree/base/model")
    }

    @Test func symlinkLoopsEndQuietly() throws {
        let tree = HostTree()
        tree.symlink("bin/sh", to: "/bin/sh2").symlink("bin/sh2", to: "/bin/sh")
        let (_, facts, _) = try probeLabels(root: tree.path)
        #expect(facts.userlandArchitecture == nil)
    }
}
