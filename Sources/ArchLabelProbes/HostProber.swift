import ArchLabelCore

/// Runs every probe against one root, in an order where later probes may use earlier facts:
/// CPU and device tree before the kernel (which may infer the machine from /proc/cpuinfo), and
/// everything virtualization detection reuses before it.
public struct HostProber: Sendable {
    public var root: HostRoot
    public var live: LiveFacts
    /// Why the capture manifest at the root could not be used, when there is one.
    var manifestProblem: ProbeWarning?

    /// A prober for `root`. Live-only facts default to the running host's when `root` is `/` or
    /// the running system seen from elsewhere (the same kernel boot id: a DaemonSet's `/host`), to
    /// those a capture recorded when `root` is one (``CaptureManifest``), and to none otherwise.
    public init(root: HostRoot, live: LiveFacts? = nil) {
        self.root = root
        if let live {
            self.live = live
        } else if root.isLiveHost || RunningSystem.isRunning(root) {
            self.live = .current()
        } else {
            let captured = HostProber.capturedLiveFacts(root)
            self.live = captured.live
            manifestProblem = captured.problem
        }
    }

    /// The live facts of the capture at `root` (none when it is not a capture), and why its
    /// manifest could not be used when it is one that cannot.
    static func capturedLiveFacts(_ root: HostRoot) -> (live: LiveFacts, problem: ProbeWarning?) {
        let path = "/" + CaptureManifest.fileName
        switch root.read(path, limit: 64 << 10) {
        case .missing:
            return (.none, nil)
        case .failed(let reason):
            return (.none, ProbeWarning(path, "capture manifest unreadable (\(reason)): uname and CPUID evidence are not replayed"))
        case .bytes(_, truncated: true):
            return (.none, ProbeWarning(path, "capture manifest larger than 64 KiB: not used"))
        case .bytes(let bytes, truncated: false):
            do {
                return (try CaptureManifest.liveFacts(parsing: bytes), nil)
            } catch {
                return (.none, ProbeWarning(path, "capture manifest not used: \(error)"))
            }
        }
    }

    static let probes: [@Sendable (ProbeContext, inout HostFacts) -> Void] = [
        CPUProbe.probe, DeviceTreeProbe.probe, KernelProbe.probe, UserlandProbe.probe, DMIProbe.probe,
        MemoryProbe.probe, OSReleaseProbe.probe, VirtProbe.probe, ContainerRuntimeProbe.probe,
        StorageProbe.probe, CgroupProbe.probe, BinfmtProbe.probe, DeviceProbe.probe,
    ]

    public func probe() -> HostFacts {
        let context = ProbeContext(root: root, live: live)
        var facts = HostFacts()
        for probe in HostProber.probes { probe(context, &facts) }
        facts.warnings = (manifestProblem.map { [$0] } ?? []) + context.warnings
        return facts
    }

    /// The USB and PCI devices alone, read again (hotplug, device rescans).
    public func probeDevices() -> DeviceFacts { DeviceProbe.scan(root) }
}
