/// Virtualization ids and the signatures that reveal them, as systemd-detect-virt uses them.
/// Source: systemd `src/basic/virt.c` (v252: `dmi_vendor_table`, `cpuid_vendor_table`,
/// `container_table`, `virtualization_table`).
enum VirtTables {
    /// DMI vendor or product prefixes (checked against product_name, sys_vendor, board_vendor,
    /// bios_vendor, product_version in that order) → VM id.
    static let dmiVendorPrefixes: [(prefix: String, id: String)] = [
        ("KVM", "kvm"), ("OpenStack", "kvm"), ("KubeVirt", "kvm"), ("Amazon EC2", "amazon"), ("QEMU", "qemu"),
        ("VMware", "vmware"), ("VMW", "vmware"), ("innotek GmbH", "oracle"), ("VirtualBox", "oracle"),
        ("Oracle Corporation", "oracle"), ("Xen", "xen"), ("Bochs", "bochs"), ("Parallels", "parallels"),
        ("BHYVE", "bhyve"), ("Hyper-V", "microsoft"), ("Apple Virtualization", "apple"),
        ("Google Compute Engine", "google"),
    ]

    /// DMI answers that are final at once (no CPUID check after them).
    static let finalDMIIds: Set<String> = ["oracle", "xen", "amazon", "parallels", "google"]

    /// CPUID leaf 0x40000000 signatures → VM id. "Microsoft Hv" is remembered and only used as the
    /// last fallback, because QEMU/KVM can present it for Windows guests' sake.
    static let cpuidSignatures: [String: String] = [
        "XenVMMXenVMM": "xen", "KVMKVMKVM": "kvm", "Linux KVM Hv": "kvm", "TCGTCGTCGTCG": "qemu",
        "VMwareVMware": "vmware", "Microsoft Hv": "microsoft", "bhyve bhyve ": "bhyve", "QNXQVMBSQG": "qnx",
        "ACRNACRNACRN": "acrn", "SRESRESRESRE": "sre", "Apple VZ": "apple",
    ]

    /// `container=` values (and /run/host/container-manager) systemd knows; others are
    /// `container-other`. `oci` re-runs the marker-file checks.
    static let knownContainers: Set<String> = [
        "lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman", "rkt", "wsl", "proot", "pouch",
    ]
}
