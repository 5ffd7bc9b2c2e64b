/// The names of the built-in labels (without prefix), the public contract of `labels.md`.
/// `emulation.<arch>`, `accelerator.<name>`, `device.<name>` and the NFD-style
/// `usb-<class>_<vendor>_<device>.present` / `pci-<class>_<vendor>.present` labels are families.
public enum BuiltinLabel: String, Sendable, CaseIterable {
    case hardware
    case hardwareModel = "hardware.model"
    case hardwareRevision = "hardware.revision"
    case soc
    case archVariant = "arch.variant"
    case cpuVendor = "cpu.vendor"
    case cpuCore = "cpu.core"
    case cpuCores = "cpu.cores"
    case memoryGiB = "memory.gib"
    case virt
    case virtContainer = "virt.container"
    case virtVM = "virt.vm"
    case kernelVersion = "kernel.version"
    case kernelPageSize = "kernel.pagesize"
    case osID = "os.id"
    case osVersion = "os.version"
    case containerRuntime = "container-runtime"
    case containerRuntimeVersion = "container-runtime.version"
    case storageRoot = "storage.root"
    case cgroupVersion = "cgroup.version"
    case cgroupMemory = "cgroup.memory"
    case gpuVendor = "gpu.vendor"

    /// The prefix of the `emulation.<arch>` family.
    public static let emulationPrefix = "emulation."
    /// The prefix of the `accelerator.<name>` family.
    public static let acceleratorPrefix = "accelerator."
    /// The prefix of the `device.<name>` family (devices named in the configuration).
    public static let devicePrefix = "device."

    /// Whether `name` is a built-in label name or one of a family's.
    public static func isBuiltin(_ name: String) -> Bool {
        BuiltinLabel(rawValue: name) != nil
            || [emulationPrefix, acceleratorPrefix, devicePrefix].contains(where: name.hasPrefix)
            || isDevicePresence(name)
    }

    /// Whether `name` is an NFD-style presence label: `usb-….present` or `pci-….present`.
    public static func isDevicePresence(_ name: String) -> Bool {
        (name.hasPrefix("usb-") || name.hasPrefix("pci-")) && name.hasSuffix(".present")
    }
}

/// A label as a labeler computed it: its name, the raw value (not yet sanitised) and the evidence.
public struct ComputedLabel: Sendable, Equatable {
    public var name: String
    public var rawValue: String
    public var evidence: [Evidence]

    public init(_ name: String, _ rawValue: String, _ evidence: [Evidence]) {
        self.name = name
        self.rawValue = rawValue
        self.evidence = evidence
    }

    public init<T>(_ label: BuiltinLabel, _ fact: Fact<T>, _ render: (T) -> String) {
        self.init(label.rawValue, render(fact.value), fact.evidence)
    }
}
