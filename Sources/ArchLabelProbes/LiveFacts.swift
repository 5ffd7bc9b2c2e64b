import CPlatform
#if canImport(Glibc)
import Glibc
#endif

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

    /// The running host's answers.
    public static func current() -> LiveFacts {
        var name = utsname()
        var facts = LiveFacts()
        if uname(&name) == 0 {
            facts.kernelRelease = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            facts.machine = withUnsafeBytes(of: name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var signature = [CChar](repeating: 0, count: 13)
        if archlabeld_cpuid_hypervisor_signature(&signature) == 1 {
            facts.cpuidSignature = String(decoding: signature.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        facts.pageSize = pageSize > 0 ? pageSize : nil
        return facts
    }
}
