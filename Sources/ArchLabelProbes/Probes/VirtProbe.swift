import ArchLabelCore

/// Gathers the files systemd-detect-virt looks at (see ``VirtDetector`` for the order) and runs
/// the detection. Runs after the kernel, CPU and DMI probes, whose facts it reuses.
enum VirtProbe {
    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        facts.virtualization = VirtDetector.detect(signals(context, facts))
    }

    static func signals(_ context: ProbeContext, _ facts: HostFacts) -> VirtSignals {
        var s = VirtSignals()
        s.procVZExists = context.exists("/proc/vz")
        s.procBCExists = context.exists("/proc/bc")
        s.kernelRelease = facts.kernelRelease
        s.tracerComm = tracer(context)
        s.hostContainerManager = lineFact(context, "/run/host/container-manager")
        s.runSystemdContainer = lineFact(context, "/run/systemd/container")
        if let environ = context.quietPrefix("/proc/1/environ", count: ProbeContext.smallFileLimit),
           let value = NulSeparatedEnvironment.value(of: "container", parsing: environ) {
            s.pid1Container = Fact(value, Evidence("/proc/1/environ", "container=\(value)"))
        }
        s.runContainerenvExists = context.exists("/run/.containerenv")
        s.dockerenvExists = context.exists("/.dockerenv")
        s.cgroupEventsExists = context.exists("/sys/fs/cgroup/cgroup.events")
        s.cgroupTypeExists = context.exists("/sys/fs/cgroup/cgroup.type")
        s.kernelCgroupFeaturesExists = context.exists("/sys/kernel/cgroup/features")
        s.cgroupV1SystemdExists = context.exists("/sys/fs/cgroup/systemd")
        s.cgroupV1ReleaseAgentExists = context.exists("/sys/fs/cgroup/systemd/release_agent")

        s.architecture = facts.machine.flatMap { Architecture(unameMachine: $0.value) }
        s.dmi = facts.dmi
        s.cpuVendorID = facts.cpuInfo?.value["vendor_id"]
        s.hypervisorFlag = facts.cpuInfo?.value.hasHypervisorFlag ?? false
        s.procXenExists = context.exists("/proc/xen")
        if s.procXenExists { s.xenDom0 = isXenDom0(context) }
        if let signature = context.live.cpuidSignature {
            s.cpuidSignature = Fact(signature, Evidence("CPUID 0x40000000", signature))
        }
        s.sysHypervisorType = lineFact(context, "/sys/hypervisor/type")
        let deviceTree = "/proc/device-tree"
        if let bytes = context.bytes(deviceTree + "/hypervisor/compatible", limit: 4096),
           let first = DeviceTreeStrings.list(parsing: bytes).first {
            s.deviceTreeHypervisorCompatible = Fact(first, Evidence(deviceTree + "/hypervisor/compatible", first))
        }
        s.deviceTreePartitionName = context.exists(deviceTree + "/ibm,partition-name")
        s.deviceTreeHMCManaged = context.exists(deviceTree + "/hmc-managed?")
        s.deviceTreeQemuGraphicWidth = context.exists(deviceTree + "/chosen/qemu,graphic-width")
        if let fwCfg = context.root.list(deviceTree)?.first(where: { $0.contains("fw-cfg") }) {
            s.deviceTreeFwCfg = Fact(fwCfg, Evidence(deviceTree + "/" + fwCfg, "exists"))
        }
        s.deviceTreeCompatible = facts.deviceTreeCompatible?.value ?? []
        if let sysinfo = context.text("/proc/sysinfo"), let program = controlProgram(sysinfo) {
            s.s390ControlProgram = Fact(program, Evidence("/proc/sysinfo", "VM00 Control Program: \(program)"))
        }
        s.lparcfgExists = context.exists("/proc/ppc64/lparcfg")
        return s
    }

    static func lineFact(_ context: ProbeContext, _ path: String) -> Fact<String>? {
        context.line(path).map { Fact($0, Evidence(path, $0)) }
    }

    /// proot runs its guest under ptrace: /proc/self/status TracerPid, then that process's comm.
    static func tracer(_ context: ProbeContext) -> Fact<String>? {
        guard let status = context.text("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("TracerPid:") }),
              let pid = Int(line.dropFirst("TracerPid:".count).filter { !$0.isWhitespace }), pid > 0,
              let comm = context.line("/proc/\(pid)/comm") else { return nil }
        return Fact(comm, Evidence("/proc/\(pid)/comm", comm))
    }

    /// dom0 when XENFEAT_dom0 (bit 11) is set in /sys/hypervisor/properties/features, or when
    /// /proc/xen/capabilities says control_d.
    static func isXenDom0(_ context: ProbeContext) -> Bool {
        if let features = context.line("/sys/hypervisor/properties/features"), let bits = UInt64(features, radix: 16) {
            return bits & (1 << 11) != 0
        }
        return context.text("/proc/xen/capabilities")?.contains("control_d") ?? false
    }

    static func controlProgram(_ sysinfo: String) -> String? {
        for line in sysinfo.split(separator: "\n") where line.hasPrefix("VM00 Control Program:") {
            return String(line.dropFirst("VM00 Control Program:".count).drop { $0 == " " })
        }
        return nil
    }
}
