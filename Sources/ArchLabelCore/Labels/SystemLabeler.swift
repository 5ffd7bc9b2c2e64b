/// `virt*`, `kernel.*`, `os.*`, `container-runtime*`, `storage.root`, `cgroup.*` and
/// `emulation.<arch>`: the software and the surroundings the node runs in.
enum SystemLabeler {
    static func labels(_ facts: HostFacts) -> [ComputedLabel] {
        var labels = virtualization(facts.virtualization)
        if let release = facts.kernelRelease, let parsed = KernelRelease(parsing: release.value) {
            labels.append(ComputedLabel(BuiltinLabel.kernelVersion.rawValue, parsed.majorMinor, release.evidence))
        }
        if let pageSize = facts.pageSize { labels.append(ComputedLabel(.kernelPageSize, pageSize) { String($0) }) }
        if let os = facts.osRelease {
            if let id = os.value.id { labels.append(ComputedLabel(BuiltinLabel.osID.rawValue, id, os.evidence)) }
            if let version = os.value.versionID { labels.append(ComputedLabel(BuiltinLabel.osVersion.rawValue, version, os.evidence)) }
        }
        if let runtime = facts.containerRuntime { labels.append(ComputedLabel(.containerRuntime, runtime) { $0 }) }
        if let version = facts.containerRuntimeVersion { labels.append(ComputedLabel(.containerRuntimeVersion, version) { $0 }) }
        if let storage = facts.rootStorage { labels.append(ComputedLabel(.storageRoot, storage) { $0.rawValue }) }
        if let version = facts.cgroupVersion { labels.append(ComputedLabel(.cgroupVersion, version) { String($0) }) }
        if let memory = facts.cgroupMemory { labels.append(ComputedLabel(.cgroupMemory, memory) { String($0) }) }
        let native = CPULabeler.nodeArchitecture(facts)?.value
        for emulated in facts.emulation where emulated.value != native {
            labels.append(ComputedLabel(BuiltinLabel.emulationPrefix + emulated.value.rawValue, "true", emulated.evidence))
        }
        return labels
    }

    /// `virt` is the innermost layer: the container if there is one, else the VM, else `none`.
    static func virtualization(_ virtualization: Virtualization) -> [ComputedLabel] {
        var labels: [ComputedLabel] = []
        let innermost = virtualization.container ?? virtualization.vm
        labels.append(ComputedLabel(BuiltinLabel.virt.rawValue, innermost?.value ?? "none",
                                    innermost?.evidence ?? [Evidence("virtualization checks", "no container or VM signature")]))
        if let container = virtualization.container { labels.append(ComputedLabel(.virtContainer, container) { $0 }) }
        if let vm = virtualization.vm { labels.append(ComputedLabel(.virtVM, vm) { $0 }) }
        return labels
    }
}
