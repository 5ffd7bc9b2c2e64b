/// The raw observations virtualization detection needs, gathered by the probe (existence checks
/// and short files) so that the detection order itself stays a pure, testable function.
/// `nil` means "absent"; every present value carries the path it came from.
public struct VirtSignals: Sendable {
    // Containers (systemd detect_container order).
    public var procVZExists = false
    public var procBCExists = false
    public var kernelRelease: Fact<String>?
    /// `comm` of the tracer when /proc/self/status shows TracerPid ≠ 0.
    public var tracerComm: Fact<String>?
    public var hostContainerManager: Fact<String>?
    public var runSystemdContainer: Fact<String>?
    /// `container=` of PID 1 (/proc/1/environ); nil when unset or unreadable.
    public var pid1Container: Fact<String>?
    public var runContainerenvExists = false
    public var dockerenvExists = false
    public var cgroupEventsExists = false
    public var cgroupTypeExists = false
    public var kernelCgroupFeaturesExists = false
    public var cgroupV1SystemdExists = false
    public var cgroupV1ReleaseAgentExists = false

    // Virtual machines (systemd detect_vm order).
    public var architecture: Architecture?
    public var dmi: DMIFacts?
    public var cpuVendorID: String?
    public var hypervisorFlag = false
    public var procXenExists = false
    public var xenDom0 = false
    /// CPUID leaf 0x40000000, live only (or injected for a captured tree).
    public var cpuidSignature: Fact<String>?
    public var sysHypervisorType: Fact<String>?
    public var deviceTreeHypervisorCompatible: Fact<String>?
    public var deviceTreePartitionName = false
    public var deviceTreeHMCManaged = false
    public var deviceTreeQemuGraphicWidth = false
    public var deviceTreeFwCfg: Fact<String>?
    public var deviceTreeCompatible: [String] = []
    public var s390ControlProgram: Fact<String>?
    /// /proc/ppc64/lparcfg exists (a PowerVM LPAR; virt-what's evidence, not systemd's).
    public var lparcfgExists = false

    public init() {}
}
