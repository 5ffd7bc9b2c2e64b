import ArchLabelCore
import Testing
import TestSupport

/// Every /proc/cpuinfo sample of the corpus (Tests/Fixtures/cpuinfo; origins in its SOURCES.tsv,
/// whose key columns were read off each file independently of this parser).
struct CPUInfoCorpusTests {
    static let samples = Fixtures.tsv("cpuinfo/SOURCES.tsv")

    @Test func everySampleIsListed() {
        let files = Fixtures.names(in: "cpuinfo").filter { $0.hasSuffix(".txt") }
        #expect(files == CPUInfoCorpusTests.samples.map { $0["file"]! }.sorted())
    }

    @Test(arguments: samples)
    func parsesTheKeyFields(_ row: [String: String]) {
        let info = CPUInfo(parsing: Fixtures.text("cpuinfo/\(row["file"]!)"))
        if let count = Int(row["processor_entries"] ?? ""), count > 0 {
            #expect(info.processorCount == count)
        }
        #expect(info["Hardware"] == nonEmpty(row["Hardware"]))
        // SOURCES.tsv's Revision column also holds POWER's lower-case per-CPU `revision`.
        #expect(info["Revision"] ?? info["revision"] == nonEmpty(row["Revision"]))
        if let implementer = nonEmpty(row["CPU_implementer"]) {
            #expect(info.armCores.first.map { "0x" + String($0.implementer, radix: 16) } == implementer)
            let parts = Set(info.armCores.map { "0x" + String(format3($0.part)) })
            let expected = Set(row["CPU_part(s)"]!.split(separator: ",").map { "0x" + format3(UInt32($0.dropFirst(2), radix: 16)!) })
            #expect(parts == expected)
        }
    }

    func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
    func format3(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 3 - hex.count)) + hex
    }

    /// Label-level expectations for the samples that matter most (Raspberry Pis on 32-bit
    /// kernels, big.LITTLE, VMs with masked flags), worked out by hand from each file.
    static let labelled: [(file: String, hardware: String?, memory: String?, core: String?, variant: String?)] = [
        ("pytorch-cpuinfo_raspberrypi.txt", "rpi1", "1", "arm1176", "v6"),  // 000e: B 512MB
        ("pytorch-cpuinfo_raspberrypi-zero.txt", "rpi-zero", "1", "arm1176", "v6"),  // 900092
        ("pytorch-cpuinfo_raspberrypi2.txt", "rpi2", "1", "cortex-a7", "v7"),  // 1a01040, overvolt bit
        ("pytorch-cpuinfo_raspberrypi3.txt", "rpi3", "1", "cortex-a53", "v7"),  // a02082 on a v7l kernel
        ("prometheus-procfs_cpuinfoArm7.txt", "rpi4", "4", "cortex-a72", "v7"),  // c03111 on a 32-bit kernel
        ("py-cpuinfo_linux_raspberry_pi_model_b_arm.txt", "rpi1", "1", "arm1176", "v6"),  // 000d
        ("py-cpuinfo_linux_beagle_bone_arm.txt", "rpi1", "1", "arm1176", "v6"),  // 0010 B+, despite the name
        ("py-cpuinfo_linux_odroid_xu3_arm_32.txt", nil, nil, "cortex-a15", "v7"),  // A7+A15: the big cores
        ("util-linux-lscpu_arm-A510-A710-A715-X3.txt", nil, nil, "cortex-x3", "v8"),
        ("hwloc_nvidia-dgx-gb10.txt", nil, nil, "cortex-x925", "v8"),  // 10 X925 + 10 A725, X925 last
        ("py-cpuinfo_linux_fedora_29_x86_64_ryzen_7.txt", nil, nil, nil, "v2"),  // VM: bmi/f16c/fma masked
        ("py-cpuinfo_linux_ubuntu_22_04_x86_64.txt", nil, nil, nil, "v3"),
        ("util-linux-lscpu_x86_64-epyc_7451.txt", nil, nil, nil, "v3"),
        ("util-linux-lscpu_x86_64-64cpu-linux6.2.txt", nil, nil, nil, "v4"),
        ("google-cpu_features_cpuinfo_x86_P3.txt", nil, nil, nil, nil),  // 32-bit Pentium III: no level
    ]

    @Test(arguments: labelled.indices)
    func labelsFromCPUInfoAlone(_ index: Int) throws {
        let expected = CPUInfoCorpusTests.labelled[index]
        var facts = HostFacts()
        let info = CPUInfo(parsing: Fixtures.text("cpuinfo/\(expected.file)"))
        facts.cpuInfo = Fact(info, Evidence("/proc/cpuinfo", ""))
        let machine = info.cpuArchitecture == nil
            ? (info.flags.contains("lm") ? "x86_64" : "i686")
            : (info.cpuArchitecture == "8" && info["model name"] == nil ? "aarch64" : "armv7l")
        facts.machine = Fact(machine, Evidence("uname -m", machine))
        let labels = LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
        #expect(labels["hardware"] == expected.hardware, "\(expected.file)")
        #expect(labels["memory.gib"] == expected.memory, "\(expected.file)")
        #expect(labels["cpu.core"] == expected.core, "\(expected.file)")
        #expect(labels["arch.variant"] == expected.variant, "\(expected.file)")
    }
}
