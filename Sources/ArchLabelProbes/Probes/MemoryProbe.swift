import ArchLabelCore

/// MemTotal, and the memory limit of the cgroup the node sees (cgroup v2 `memory.max`, v1
/// `memory.limit_in_bytes`): an LXC or Docker node's RAM is its limit.
enum MemoryProbe {
    static let limitFiles = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        if let text = context.text("/proc/meminfo") {
            if let total = MemInfo.memTotalKiB(parsing: text) {
                facts.memTotalKiB = Fact(total, Evidence("/proc/meminfo", "MemTotal = \(total) kB"))
            } else {
                context.warn("/proc/meminfo", "no MemTotal line")
            }
        }
        for path in limitFiles {
            if let text = context.line(path), let limit = CgroupLimits.memoryLimit(parsing: text) {
                facts.memoryLimitBytes = Fact(limit, Evidence(path, text))
                return
            }
        }
    }
}
