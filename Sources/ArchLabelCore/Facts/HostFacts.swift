/// Everything the probes found out about one host, typed, each with its evidence. Labelers read
/// only this; they never touch files.
public struct HostFacts: Sendable {
    /// Kernel release (`uname -r`).
    public var kernelRelease: Fact<String>?
    /// Kernel machine (`uname -m`), or inferred from /proc/cpuinfo on captured trees without it.
    public var machine: Fact<String>?
    /// The architecture of the userland (the ELF header of `/bin/sh`): differs from the kernel's
    /// on a 32-bit userland over a 64-bit kernel.
    public var userlandArchitecture: Fact<Architecture>?
    public var cpuInfo: Fact<CPUInfo>?
    /// CPUs online (`/sys/devices/system/cpu/online`).
    public var onlineCPUs: Fact<Int>?
    /// CPUs allowed by a cgroup quota, rounded up.
    public var cpuQuota: Fact<Int>?
    public var deviceTreeModel: Fact<String>?
    public var deviceTreeCompatible: Fact<[String]>?
    public var dmi: DMIFacts?
    public var memTotalKiB: Fact<UInt64>?
    /// A cgroup memory limit in bytes.
    public var memoryLimitBytes: Fact<UInt64>?
    public var osRelease: Fact<OSRelease>?
    public var virtualization: Virtualization
    public var containerRuntime: Fact<String>?
    public var containerRuntimeVersion: Fact<String>?
    public var rootStorage: Fact<StorageKind>?
    public var cgroupVersion: Fact<Int>?
    public var cgroupMemory: Fact<Bool>?
    /// Foreign architectures runnable through enabled binfmt_misc handlers.
    public var emulation: [Fact<Architecture>]
    public var pageSize: Fact<Int>?
    /// USB and PCI devices; hotplug replaces only these.
    public var devices: DeviceFacts
    /// What could not be read or understood (device warnings are in ``devices``).
    public var warnings: [ProbeWarning]

    /// Every warning: the probes' and the devices'.
    public var allWarnings: [ProbeWarning] { warnings + devices.warnings }

    public init() {
        virtualization = Virtualization()
        emulation = []
        devices = DeviceFacts()
        warnings = []
    }
}

/// The DMI identity strings (/sys/class/dmi/id), trimmed; empty and placeholder values dropped.
public struct DMIFacts: Sendable, Equatable {
    public var sysVendor: String?
    public var productName: String?
    public var productVersion: String?
    public var boardVendor: String?
    public var boardName: String?
    public var biosVendor: String?
    /// The SMBIOS "virtual machine" BIOS characteristic (type 0, byte 19 bit 4), when readable.
    public var virtualMachineBit: Bool?

    public init(sysVendor: String? = nil, productName: String? = nil, productVersion: String? = nil,
                boardVendor: String? = nil, boardName: String? = nil, biosVendor: String? = nil,
                virtualMachineBit: Bool? = nil) {
        self.sysVendor = sysVendor
        self.productName = productName
        self.productVersion = productVersion
        self.boardVendor = boardVendor
        self.boardName = boardName
        self.biosVendor = biosVendor
        self.virtualMachineBit = virtualMachineBit
    }

    /// Values firmware writers leave in unset fields; they identify nothing.
    public static let placeholders: Set<String> = [
        "To be filled by O.E.M.", "To Be Filled By O.E.M.", "System Product Name", "System manufacturer",
        "System Manufacturer", "Default string", "Not Specified", "Not Applicable", "None", "OEM", "O.E.M.", "Undefined",
    ]
}

/// The virtualization layers found: a container, a VM, both or neither, with systemd-detect-virt ids.
public struct Virtualization: Sendable, Equatable {
    public var container: Fact<String>?
    public var vm: Fact<String>?
    public init(container: Fact<String>? = nil, vm: Fact<String>? = nil) {
        self.container = container
        self.vm = vm
    }
}

/// What kind of device holds the root file system.
public enum StorageKind: String, Sendable, CaseIterable {
    case sdcard, emmc, nvme, ssd, hdd, usb, virtual, network
}
