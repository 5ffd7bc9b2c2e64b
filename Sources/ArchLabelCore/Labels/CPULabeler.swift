/// `arch.variant`, `cpu.vendor`, `cpu.core`, `cpu.cores` and `memory.gib`: what the node can run
/// and how much of it.
enum CPULabeler {
    static func labels(_ facts: HostFacts, board: BoardIdentity) -> [ComputedLabel] {
        [archVariant(facts), vendor(facts), core(facts), cores(facts), memory(facts, board: board)].compactMap { $0 }
    }

    /// The architecture the node's containers run as: the userland's, else the kernel's.
    static func nodeArchitecture(_ facts: HostFacts) -> Fact<Architecture>? {
        if let userland = facts.userlandArchitecture { return userland }
        guard let machine = facts.machine, let architecture = Architecture(unameMachine: machine.value) else { return nil }
        return Fact(architecture, machine.evidence)
    }

    /// The OCI platform variant, as containerd detects it (`platforms.DefaultSpec`): arm64 is v8;
    /// 32-bit arm follows `CPU architecture` (with the ARMv6-compatible quirk of Pi 1 and Zero);
    /// amd64 is the x86-64 psABI level of the CPU flags.
    static func archVariant(_ facts: HostFacts) -> ComputedLabel? {
        guard let architecture = nodeArchitecture(facts) else { return nil }
        let cpuInfo = facts.cpuInfo
        switch architecture.value {
        case .arm64:
            return ComputedLabel(BuiltinLabel.archVariant.rawValue, "v8", architecture.evidence)
        case .arm:
            guard let (variant, evidence) = armVariant(cpuInfo: cpuInfo?.value, machine: facts.machine?.value) else { return nil }
            return ComputedLabel(BuiltinLabel.archVariant.rawValue, variant, architecture.evidence + [evidence])
        case .amd64:
            guard let cpuInfo, let level = X86Levels.level(flags: cpuInfo.value.flags) else { return nil }
            return ComputedLabel(BuiltinLabel.archVariant.rawValue, "v\(level)",
                                 architecture.evidence + [Evidence("/proc/cpuinfo", "flags meet x86-64-v\(level)")])
        default:
            return nil
        }
    }

    static func armVariant(cpuInfo: CPUInfo?, machine: String?) -> (String, Evidence)? {
        if let cpuInfo, let version = cpuInfo.cpuArchitecture {
            let evidence = Evidence("/proc/cpuinfo", "CPU architecture = \(version)")
            if version == "8" || version == "AArch64" { return ("v8", evidence) }
            // ARM1176 (Pi 1, Zero) reports architecture 7 but is ARMv6; kernels before 3.8 call the
            // model line `Processor`.
            if version == "7", let model = cpuInfo["model name"] ?? cpuInfo["Processor"], model.hasPrefix("ARMv6-compatible") {
                return ("v6", Evidence("/proc/cpuinfo", "model name = \(model)"))
            }
            if version == "7" { return ("v7", evidence) }
            if version.hasPrefix("6") { return ("v6", evidence) }
            if version.hasPrefix("5") { return ("v5", evidence) }
        }
        guard let machine, machine.hasPrefix("armv"), let digit = machine.dropFirst(4).first, digit.isNumber else { return nil }
        return ("v\(digit)", Evidence("uname -m", machine))
    }

    static func vendor(_ facts: HostFacts) -> ComputedLabel? {
        guard let cpuInfo = facts.cpuInfo else { return nil }
        if let core = cpuInfo.value.armCores.first, let name = ArmParts.implementers[core.implementer] {
            return ComputedLabel(BuiltinLabel.cpuVendor.rawValue, name.lowercased(),
                                 [Evidence("/proc/cpuinfo", "CPU implementer = 0x\(String(core.implementer, radix: 16))")])
        }
        if let vendorID = cpuInfo.value["vendor_id"], let name = CPUVendors.x86[vendorID] {
            return ComputedLabel(BuiltinLabel.cpuVendor.rawValue, name, [Evidence("/proc/cpuinfo", "vendor_id = \(vendorID)")])
        }
        return nil
    }

    /// The core of the highest-numbered CPU: on big.LITTLE SoCs the performance cores come last.
    static func core(_ facts: HostFacts) -> ComputedLabel? {
        guard let cpuInfo = facts.cpuInfo, let core = cpuInfo.value.armCores.last,
              let name = ArmParts.names[core.implementer << 12 | core.part] else { return nil }
        let part = "0x" + String(core.part, radix: 16)
        return ComputedLabel(BuiltinLabel.cpuCore.rawValue, name.lowercased(), [Evidence("/proc/cpuinfo", "CPU part = \(part)")])
    }

    static func cores(_ facts: HostFacts) -> ComputedLabel? {
        var candidates: [Fact<Int>] = [facts.onlineCPUs, facts.cpuQuota].compactMap { $0 }
        if candidates.isEmpty, let cpuInfo = facts.cpuInfo, cpuInfo.value.processorCount > 0 {
            candidates.append(Fact(cpuInfo.value.processorCount, Evidence("/proc/cpuinfo", "\(cpuInfo.value.processorCount) processors")))
        }
        guard let smallest = candidates.min(by: { $0.value < $1.value }) else { return nil }
        return ComputedLabel(.cpuCores, smallest) { String($0) }
    }

    /// RAM in whole GiB as people name it: a Raspberry Pi's revision code says the board's size;
    /// elsewhere MemTotal rounded up (firmware and kernel keep some back); a smaller cgroup limit wins.
    static func memory(_ facts: HostFacts, board: BoardIdentity) -> ComputedLabel? {
        let gib = { (bytes: UInt64) in (bytes + (1 << 30) - 1) >> 30 }
        var best: Fact<UInt64>?
        if let revision = board.revisionCode, let mib = revision.value.memoryMiB {
            best = Fact(gib(UInt64(mib) << 20), revision.evidence)
        } else if let total = facts.memTotalKiB {
            best = Fact(gib(total.value << 10), total.evidence)
        }
        if let limit = facts.memoryLimitBytes, gib(limit.value) < best?.value ?? .max {
            best = Fact(gib(limit.value), limit.evidence)
        }
        guard let best else { return nil }
        return ComputedLabel(.memoryGiB, best) { String($0) }
    }
}
