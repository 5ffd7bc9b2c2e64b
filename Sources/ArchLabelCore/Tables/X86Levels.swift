/// x86-64 micro-architecture levels as /proc/cpuinfo flag names. Source: the x86-64 psABI
/// "Micro-Architecture Levels" table, with the kernel's spellings (arch/x86/include/asm/
/// cpufeatures.h: SSE3 is `pni`, LZCNT `abm`, LAHF-SAHF `lahf_lm`, CMPXCHG16B `cx16`); OSXSAVE is
/// never shown, so `xsave` stands in for it (the kernel hides `avx` without XSAVE state).
enum X86Levels {
    static let requirements: [(level: Int, flags: [String])] = [
        (1, ["lm", "cmov", "cx8", "fpu", "fxsr", "mmx", "syscall", "sse", "sse2"]),
        (2, ["cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2"]),
        (3, ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"]),
        (4, ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]),
    ]

    /// The highest level whose flags (and every lower level's) are all present; nil below v1.
    static func level(flags: Set<String>) -> Int? {
        var reached: Int?
        for requirement in requirements {
            guard requirement.flags.allSatisfy(flags.contains) else { break }
            reached = requirement.level
        }
        return reached
    }
}
