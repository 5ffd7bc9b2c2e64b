import ArchLabelCore

/// The cgroup hierarchy (v2 when /sys/fs/cgroup/cgroup.controllers exists, else v1 from
/// /proc/cgroups) and whether the memory controller is on: Raspberry Pi kernels ship it off
/// unless `cgroup_memory=1 cgroup_enable=memory` is on the command line, and k3s needs it.
enum CgroupProbe {
    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        let controllersPath = "/sys/fs/cgroup/cgroup.controllers"
        if let controllers = context.text(controllersPath) {
            facts.cgroupVersion = Fact(2, Evidence(controllersPath, "exists"))
            let names = controllers.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let line = names.joined(separator: " ")
            facts.cgroupMemory = Fact(names.contains("memory"), Evidence(controllersPath, line))
            return
        }
        if let cgroups = context.text("/proc/cgroups") {
            facts.cgroupVersion = Fact(1, Evidence("/proc/cgroups", "cgroup v1 controllers"))
            if let enabled = CgroupLimits.v1ControllerEnabled("memory", parsing: cgroups) {
                facts.cgroupMemory = Fact(enabled, Evidence("/proc/cgroups", "memory enabled = \(enabled ? 1 : 0)"))
            }
        }
    }
}
