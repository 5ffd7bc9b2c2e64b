import ArchLabelCore

/// The architecture of the userland: the ELF header of `/bin/sh` (symlinks resolved beneath the
/// root). A Raspberry Pi with a 32-bit userland on a 64-bit kernel answers `arm` here while its
/// kernel says `aarch64`; the kubelet and its containers run as the userland.
enum UserlandProbe {
    static let shells = ["/bin/sh", "/usr/bin/sh"]

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        for shell in shells {
            guard let resolved = context.root.resolve(shell), let header = context.quietPrefix(resolved, count: 64),
                  let elf = ELFHeader(bytes: header), let architecture = elf.architecture else { continue }
            let detail = "ELF \(elf.is64Bit ? 64 : 32)-bit machine 0x\(String(elf.machine, radix: 16)) (\(architecture))"
            facts.userlandArchitecture = Fact(architecture, Evidence(resolved, detail))
            return
        }
    }
}
