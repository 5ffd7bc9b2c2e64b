/// x86 `vendor_id` strings (CPUID leaf 0 vendor) → `cpu.vendor` values. Source: Linux
/// `arch/x86/kernel/cpu/*.c` `c_ident` strings.
enum CPUVendors {
    static let x86: [String: String] = [
        "GenuineIntel": "intel", "AuthenticAMD": "amd", "HygonGenuine": "hygon", "CentaurHauls": "centaur",
        "Shanghai": "zhaoxin", "CyrixInstead": "cyrix", "GenuineTMx86": "transmeta", "Geode by NSC": "nsc",
        "Vortex86 SoC": "vortex",
    ]
}
