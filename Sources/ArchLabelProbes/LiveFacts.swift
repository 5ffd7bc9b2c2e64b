/// Facts that exist only on the running host and not in any file: uname(2), CPUID, the page size.
/// Injected into the probes, so that a captured tree (`--root`) is never mixed with the live
/// machine's answers and tests can state what a live run would have seen.
public struct LiveFacts: Sendable, Equatable {
    public var kernelRelease: String?
    public var machine: String?
    /// CPUID leaf 0x40000000 (x86 guests only).
    public var cpuidSignature: String?
    public var pageSize: Int?

    public init(kernelRelease: String? = nil, machine: String? = nil, cpuidSignature: String? = nil, pageSize: Int? = nil) {
        self.kernelRelease = kernelRelease
        self.machine = machine
        self.cpuidSignature = cpuidSignature
        self.pageSize = pageSize
    }

    /// Nothing live: for captured trees, whose files must speak for themselves.
    public static let none = LiveFacts()
}
