import CPlatform
#if canImport(Glibc)
import Glibc
#endif

extension LiveFacts {
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
