import ArchLabelCore

/// /proc/cpuinfo, the CPUs online, and a cgroup CPU quota (what a container may use).
enum CPUProbe {
    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        if let text = context.text("/proc/cpuinfo", limit: ProbeContext.largeFileLimit) {
            let cpuInfo = CPUInfo(parsing: text)
            if cpuInfo.firstValues.isEmpty {
                context.warn("/proc/cpuinfo", "no \"key: value\" lines; ignored")
            } else {
                facts.cpuInfo = Fact(cpuInfo, Evidence("/proc/cpuinfo", "\(cpuInfo.processorCount) processors"))
            }
        }
        let onlinePath = "/sys/devices/system/cpu/online"
        if let online = context.line(onlinePath) {
            if let count = CPUList.count(parsing: online) {
                facts.onlineCPUs = Fact(count, Evidence(onlinePath, online))
            } else {
                context.warn(onlinePath, "not a CPU list: \(online)")
            }
        }
        let quotaPath = "/sys/fs/cgroup/cpu.max"
        if let quota = context.line(quotaPath), let cpus = CgroupLimits.cpuQuota(parsing: quota) {
            facts.cpuQuota = Fact(cpus, Evidence(quotaPath, quota))
        }
    }
}
