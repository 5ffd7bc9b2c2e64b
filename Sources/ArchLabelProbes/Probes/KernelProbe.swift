import ArchLabelCore

/// Kernel release, machine and page size: uname(2) and sysconf on the live host; under a given
/// root, the files that hold the same values (`/proc/sys/kernel/osrelease`, `…/arch`) and the
/// transparent-hugepage PMD size, which is a function of the page size.
enum KernelProbe {
    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        let live = context.live
        if let release = live.kernelRelease {
            facts.kernelRelease = Fact(release, Evidence("uname -r", release))
        } else if let release = context.line("/proc/sys/kernel/osrelease") {
            facts.kernelRelease = Fact(release, Evidence("/proc/sys/kernel/osrelease", release))
        }
        if let machine = live.machine {
            facts.machine = Fact(machine, Evidence("uname -m", machine))
        } else if let machine = context.line("/proc/sys/kernel/arch") {
            facts.machine = Fact(machine, Evidence("/proc/sys/kernel/arch", machine))
        } else if let cpuInfo = facts.cpuInfo, let machine = inferMachine(cpuInfo.value) {
            facts.machine = Fact(machine, Evidence("/proc/cpuinfo", "looks like \(machine)"))
        }
        if let pageSize = live.pageSize {
            facts.pageSize = Fact(pageSize, Evidence("sysconf(_SC_PAGESIZE)", String(pageSize)))
        } else if let pmd = context.line("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"), let size = pageSize(pmdSize: pmd) {
            facts.pageSize = Fact(size, Evidence("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", pmd))
        }
    }

    /// A PMD maps `pageSize / 8` page-table entries of `pageSize` each: 4K → 2M, 16K → 32M, 64K → 512M.
    static func pageSize(pmdSize text: String) -> Int? {
        guard let pmd = Int(text) else { return nil }
        return [4096, 16384, 65536].first { $0 * ($0 / 8) == pmd }
    }

    /// The machine a captured /proc/cpuinfo was written on, for trees that lack the uname files
    /// (lscpu dumps): each architecture's kernel prints its own distinctive keys.
    static func inferMachine(_ cpuInfo: CPUInfo) -> String? {
        if cpuInfo["vendor_id"]?.hasPrefix("IBM/S390") == true { return "s390x" }
        if cpuInfo["vendor_id"] != nil, !cpuInfo.flags.isEmpty { return cpuInfo.flags.contains("lm") ? "x86_64" : "i686" }
        if let version = cpuInfo.cpuArchitecture {
            if version == "8" || version == "AArch64" {
                return cpuInfo["model name"].map { $0.hasPrefix("ARMv8") && $0.hasSuffix("(v8l)") } == true ? "armv8l" : "aarch64"
            }
            return "armv\(version.prefix { $0.isNumber })l"
        }
        if let isa = cpuInfo["isa"], isa.hasPrefix("rv64") { return "riscv64" }
        if cpuInfo["cpu"]?.hasPrefix("POWER") == true || cpuInfo["cpu"]?.hasPrefix("PPC") == true { return "ppc64" }
        if cpuInfo["cpu family"]?.hasPrefix("Loongson") == true || cpuInfo["CPU Family"]?.hasPrefix("Loongson") == true { return "loongarch64" }
        return nil
    }
}
