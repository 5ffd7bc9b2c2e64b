import ArchLabelCore

/// Runs every probe against one root, in an order where later probes may use earlier facts:
/// CPU and device tree before the kernel (which may infer the machine from /proc/cpuinfo), and
/// everything virtualization detection reuses before it.
public struct HostProber: Sendable {
    public var root: HostRoot
    public var live: LiveFacts

    /// A prober for `root`. Live-only facts default to the running host's when `root` is `/`, to
    /// those a capture recorded when `root` is one (``CaptureManifest``), and to none otherwise.
    public init(root: HostRoot, live: LiveFacts? = nil) {
        self.root = root
        self.live = live ?? (root.isLiveHost ? .current() : HostProber.capturedLiveFacts(root) ?? .none)
    }

    /// The live facts of the capture at `root`, nil when it is not a capture or its manifest is
    /// not readable.
    static func capturedLiveFacts(_ root: HostRoot) -> LiveFacts? {
        guard case .bytes(let bytes, false) = root.read("/" + CaptureManifest.fileName, limit: 64 << 10) else { return nil }
        return try? CaptureManifest.liveFacts(parsing: bytes)
    }

    static let probes: [@Sendable (ProbeContext, inout HostFacts) -> Void] = [
        CPUProbe.probe, DeviceTreeProbe.probe, KernelProbe.probe, UserlandProbe.probe, DMIProbe.probe,
        MemoryProbe.probe, OSReleaseProbe.probe, VirtProbe.probe, ContainerRuntimeProbe.probe,
        StorageProbe.probe, CgroupProbe.probe, BinfmtProbe.probe,
    ]

    public func probe() -> HostFacts {
        let context = ProbeContext(root: root, live: live)
        var facts = HostFacts()
        for probe in HostProber.probes { probe(context, &facts) }
        facts.warnings = context.warnings
        return facts
    }
}
