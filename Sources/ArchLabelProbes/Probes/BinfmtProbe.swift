import ArchLabelCore

/// Foreign architectures the kernel can run through binfmt_misc (qemu-user-static, box64, …):
/// every enabled handler whose magic is an ELF header, when binfmt_misc itself is enabled.
enum BinfmtProbe {
    static let directory = "/proc/sys/fs/binfmt_misc"

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        guard context.line(directory + "/status") == "enabled", let names = context.root.list(directory) else { return }
        for name in names where name != "status" && name != "register" {
            let path = directory + "/" + name
            guard let text = context.text(path) else { continue }
            let entry = BinfmtEntry(parsing: text)
            guard entry.enabled, let architecture = entry.elfArchitecture else { continue }
            facts.emulation.append(Fact(architecture, Evidence(path, "enabled, \(entry.interpreter ?? "no interpreter")")))
        }
    }
}
