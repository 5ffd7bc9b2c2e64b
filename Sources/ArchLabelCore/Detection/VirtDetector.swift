/// systemd-detect-virt's decision procedure (systemd `src/basic/virt.c`, v252) over gathered
/// signals. The container layer and the VM layer are detected independently so that an LXC
/// container inside a KVM guest reports both. The order of the checks is systemd's; comments say
/// why where it matters.
public enum VirtDetector {
    public static func detect(_ signals: VirtSignals) -> Virtualization {
        Virtualization(container: container(signals), vm: vm(signals))
    }

    // MARK: containers

    static func container(_ s: VirtSignals) -> Fact<String>? {
        // OpenVZ shows /proc/vz in guests and hosts, but only hosts have /proc/bc.
        if s.procVZExists, !s.procBCExists { return Fact("openvz", Evidence("/proc/vz", "exists, /proc/bc absent")) }
        if let release = s.kernelRelease, release.value.contains("Microsoft") || release.value.contains("WSL") {
            return Fact("wsl", release.evidence)
        }
        if let comm = s.tracerComm, comm.value.hasPrefix("proot") { return Fact("proot", comm.evidence) }
        if let manager = s.hostContainerManager, let id = translate(manager, s) { return id }
        // PID 1 writes /run/systemd/container from its $container; read it, then PID 1's environment.
        if let written = s.runSystemdContainer ?? s.pid1Container {
            if written.value.isEmpty { return nil }
            if let id = translate(written, s) { return id }
        }
        if let files = markerFiles(s) { return files }
        // A private cgroup namespace is a weak sign of some container.
        if s.cgroupEventsExists, s.cgroupTypeExists || !s.kernelCgroupFeaturesExists {
            return Fact("container-other", Evidence("/sys/fs/cgroup/cgroup.events", "cgroup namespace root"))
        }
        if s.cgroupV1SystemdExists, !s.cgroupV1ReleaseAgentExists {
            return Fact("container-other", Evidence("/sys/fs/cgroup/systemd", "no release_agent"))
        }
        return nil
    }

    /// Docker is checked last on purpose: `.dockerenv` can leak into images built from a container.
    static func markerFiles(_ s: VirtSignals) -> Fact<String>? {
        if s.runContainerenvExists { return Fact("podman", Evidence("/run/.containerenv", "exists")) }
        if s.dockerenvExists { return Fact("docker", Evidence("/.dockerenv", "exists")) }
        return nil
    }

    static func translate(_ name: Fact<String>, _ s: VirtSignals) -> Fact<String>? {
        let value = name.value.trimmingNewlines()
        if value == "oci" {
            return markerFiles(s).map { Fact($0.value, name.evidence + $0.evidence) }
                ?? Fact("container-other", name.evidence)
        }
        return Fact(VirtTables.knownContainers.contains(value) ? value : "container-other", name.evidence)
    }

    // MARK: virtual machines

    static func vm(_ s: VirtSignals) -> Fact<String>? {
        let dmi = dmiVM(s)
        if let dmi, VirtTables.finalDMIIds.contains(dmi.value) { return dmi }
        if let vendor = s.cpuVendorID, vendor.hasPrefix("User Mode Linux") {
            return Fact("uml", Evidence("/proc/cpuinfo", "vendor_id = \(vendor)"))
        }
        if s.procXenExists, !s.xenDom0 { return Fact("xen", Evidence("/proc/xen", "exists, not dom0")) }
        // CPUID knows better than a QEMU/KVM DMI string: Proxmox guests say QEMU in DMI, KVM in CPUID.
        var hyperV: Fact<String>?
        var unknownHypervisor: Fact<String>?
        if s.architecture == .amd64 || s.architecture == .i386, s.hypervisorFlag {
            if let signature = s.cpuidSignature {
                let key = signature.value.trimmingNULs()
                switch VirtTables.cpuidSignatures[key] {
                case "microsoft": hyperV = Fact("microsoft", signature.evidence)
                case let id?: return Fact(id, signature.evidence)
                case nil: unknownHypervisor = Fact("vm-other", signature.evidence)
                }
            } else {
                unknownHypervisor = Fact("vm-other", Evidence("/proc/cpuinfo", "flags include hypervisor"))
            }
        }
        if s.procXenExists, s.xenDom0 { return hyperV ?? unknownHypervisor }
        if let dmi { return dmi }
        if let type = s.sysHypervisorType {
            return Fact(type.value.trimmingNewlines() == "xen" ? "xen" : "vm-other", type.evidence)
        }
        if let deviceTree = deviceTreeVM(s) { return deviceTree }
        if let program = s.s390ControlProgram {
            return Fact(program.value.contains("z/VM") ? "zvm" : "kvm", program.evidence)
        }
        return hyperV ?? unknownHypervisor
    }

    static func dmiVM(_ s: VirtSignals) -> Fact<String>? {
        guard let dmi = s.dmi else { return nil }
        let fields: [(String, String?)] = [
            ("product_name", dmi.productName), ("sys_vendor", dmi.sysVendor), ("board_vendor", dmi.boardVendor),
            ("bios_vendor", dmi.biosVendor), ("product_version", dmi.productVersion),
        ]
        for (file, value) in fields {
            guard let value else { continue }
            guard let match = VirtTables.dmiVendorPrefixes.first(where: { value.hasPrefix($0.prefix) }) else { continue }
            let evidence = Evidence("/sys/class/dmi/id/\(file)", value)
            // EC2 bare-metal instances carry the Amazon vendor string too; the SMBIOS VM bit tells.
            if match.id == "amazon" {
                if let bit = dmi.virtualMachineBit {
                    return bit ? Fact("amazon", evidence) : nil
                }
                return (dmi.productName ?? "").contains(".metal") ? nil : Fact("amazon", evidence)
            }
            return Fact(match.id, evidence)
        }
        if dmi.virtualMachineBit == true {
            return Fact("vm-other", Evidence("/sys/firmware/dmi/entries/0-0/raw", "BIOS characteristics: virtual machine"))
        }
        return nil
    }

    static func deviceTreeVM(_ s: VirtSignals) -> Fact<String>? {
        if let hypervisor = s.deviceTreeHypervisorCompatible {
            let value = hypervisor.value
            if value == "linux,kvm" { return Fact("kvm", hypervisor.evidence) }
            if value.contains("xen") { return Fact("xen", hypervisor.evidence) }
            if value.contains("vmware") { return Fact("vmware", hypervisor.evidence) }
            return Fact("vm-other", hypervisor.evidence)
        }
        if s.deviceTreePartitionName, s.deviceTreeHMCManaged, !s.deviceTreeQemuGraphicWidth {
            return Fact("powervm", Evidence("/proc/device-tree/ibm,partition-name", "exists, hmc-managed"))
        }
        if let fwCfg = s.deviceTreeFwCfg { return Fact("qemu", fwCfg.evidence) }
        if s.deviceTreeCompatible.first == "qemu,pseries" {
            return Fact("qemu", Evidence("/proc/device-tree/compatible", "qemu,pseries"))
        }
        if s.lparcfgExists { return Fact("powervm", Evidence("/proc/ppc64/lparcfg", "exists")) }
        return nil
    }
}

extension String {
    func trimmingNewlines() -> String {
        String(KeyValueLines.trimmed(Substring(self)).filter { $0 != "\n" })
    }

    func trimmingNULs() -> String {
        var text = Substring(self)
        while text.last == "\0" { text = text.dropLast() }
        return String(text)
    }
}
