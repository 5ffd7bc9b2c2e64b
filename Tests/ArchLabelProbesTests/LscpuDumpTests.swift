import ArchLabelCore
import ArchLabelProbes
import Foundation
import Testing
import TestSupport

/// The 22 util-linux lscpu dumps (Tests/Fixtures/lscpu, util-linux tests/ts/lscpu @ 39465c78) as
/// `--root` trees, checked against what `lscpu --sysroot` printed for them (tests/expected/lscpu).
struct LscpuDumpTests {
    static let dumps = Fixtures.names(in: "lscpu/dumps").map { String($0.dropLast(".tar.gz".count)) }

    /// The x86-64 level of each x86 dump's CPU, worked out from its flags by hand: hypervisors mask
    /// flags (vbox-win lacks cx16/popcnt/sse4, so v1), Piledriver has AVX but no AVX2 (v2).
    /// The Arm dumps: an aarch64 phone SoC (always v8) and a 32-bit Exynos 5 (`CPU architecture: 7`).
    /// Other architectures have no variant.
    static let variants: [String: String] = [
        "x86_64-64cpu": "v2", "x86_64-64cpu-linux6.2": "v4", "x86_64-dell_e4310": "v2",
        "x86_64-epyc_7451": "v3", "vbox-win": "v1", "vmware_fpe": "v2",
        "arm-A510-A710-A715-X3": "v8", "armv7": "v7",
    ]

    /// systemd-detect-virt ids these trees support. lscpu also reads PCI ids (/proc/bus/pci) and so
    /// names VirtualBox for vbox-win; systemd's rules (and so archlabeld's) need DMI, CPUID or the
    /// `hypervisor` flag, which that old kernel's cpuinfo lacks, so the tree alone says none.
    static let virt: [String: String] = [
        "s390-kvm": "kvm", "s390-nested-virt": "kvm", "s390-zvm": "zvm", "s390-lpar": "none",
        "s390-lpar-drawer": "none", "vbox-win": "none", "vmware_fpe": "none",
    ]

    @Test(arguments: dumps)
    func dumpMatchesLscpu(_ dump: String) throws {
        let tree = HostTree()
        _ = try tree.extract(Fixtures.path("lscpu/dumps/\(dump).tar.gz"))
        let (labels, _, set) = try probeLabels(root: tree.path + "/" + dump)
        let expected = lscpuFields(Fixtures.text("lscpu/expected/lscpu-\(dump)"))

        #expect(allValid(set))
        let online = expected["On-line CPU(s) list"].flatMap(CPUList.count(parsing:)).map(String.init)
        #expect(labels["cpu.cores"] == online, "on-line CPUs per lscpu")
        let vendor = ["ARM": "arm", "GenuineIntel": "intel", "AuthenticAMD": "amd"][expected["Vendor ID"] ?? ""]
        #expect(labels["cpu.vendor"] == vendor)
        if vendor == "arm" {
            #expect(labels["cpu.core"] == expected["Model name (last)"]?.lowercased())
        }
        #expect(labels["arch.variant"] == LscpuDumpTests.variants[dump])
        if let virt = LscpuDumpTests.virt[dump] { #expect(labels["virt"] == virt) }
    }

    /// `Key: value` lines of lscpu's output; the last `Model name` too (big.LITTLE lists several).
    func lscpuFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = value }
            if key == "Model name" { fields["Model name (last)"] = value }
        }
        return fields
    }
}
