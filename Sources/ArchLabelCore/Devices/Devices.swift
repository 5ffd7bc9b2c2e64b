/// A USB device (not an interface) as sysfs shows it under /sys/bus/usb/devices.
public struct USBDevice: Sendable, Equatable {
    /// The kernel's name: `1-1.2` (bus 1, port 1, port 2), `usb1` for a root hub.
    public var name: String
    /// Where its attributes live, as seen from the root: the bus entry's link target
    /// (`/sys/devices/platform/…/usb1/1-1`), or the bus entry when it is not a link.
    public var path: String
    /// `idVendor:idProduct`.
    public var id: DeviceID
    /// `bDeviceClass`: `00` means "look at the interfaces".
    public var deviceClass: UInt8
    /// `bInterfaceClass` of each interface of the active configuration, in interface order.
    public var interfaceClasses: [UInt8]
    /// The `serial`, `manufacturer` and `product` strings, when the device has them.
    public var serial: String?
    public var manufacturer: String?
    public var product: String?

    public init(name: String, path: String, id: DeviceID, deviceClass: UInt8, interfaceClasses: [UInt8] = [],
                serial: String? = nil, manufacturer: String? = nil, product: String? = nil) {
        self.name = name
        self.path = path
        self.id = id
        self.deviceClass = deviceClass
        self.interfaceClasses = interfaceClasses
        self.serial = serial
        self.manufacturer = manufacturer
        self.product = product
    }

    /// The classes Node Feature Discovery files the device under: its device class, or when that
    /// is `00` ("defined per interface") each distinct interface class, in interface order.
    public var effectiveClasses: [UInt8] {
        guard deviceClass == 0 else { return [deviceClass] }
        var seen = Set<UInt8>()
        return interfaceClasses.filter { seen.insert($0).inserted }
    }

    /// What the evidence shows: `idVendor:idProduct=1a6e:089a bDeviceClass=00 interfaces=ff`.
    public var summary: String {
        var text = "\(id) bDeviceClass=\(SysfsHex.format(deviceClass, digits: 2))"
        if !interfaceClasses.isEmpty {
            text += " interfaces=" + interfaceClasses.map { SysfsHex.format($0, digits: 2) }.joined(separator: ",")
        }
        if let serial { text += " serial=\(serial)" }
        return text
    }
}

/// A PCI function as sysfs shows it under /sys/bus/pci/devices.
public struct PCIDevice: Sendable, Equatable {
    /// The address: `0000:01:00.0`.
    public var address: String
    /// Where its attributes live, as seen from the root (the bus entry's link target).
    public var path: String
    /// `vendor:device`.
    public var id: DeviceID
    /// The 24-bit `class`: base class, subclass, programming interface (`0x030000`).
    public var classCode: UInt32
    /// `subsystem_vendor:subsystem_device`, when both are readable.
    public var subsystem: DeviceID?
    /// The bound driver's name (the `driver` link's last component), nil when unbound.
    public var driver: String?

    public init(address: String, path: String, id: DeviceID, classCode: UInt32, subsystem: DeviceID? = nil, driver: String? = nil) {
        self.address = address
        self.path = path
        self.id = id
        self.classCode = classCode
        self.subsystem = subsystem
        self.driver = driver
    }

    /// Base class and subclass as four hex digits, the form NFD and `lspci -nn` use (`0300`).
    public var classText: String { SysfsHex.format(classCode >> 8, digits: 4) }

    /// Whether this is a display controller (base class `03`: VGA, XGA, 3D, other).
    public var isDisplayController: Bool { classCode >> 16 == 0x03 }

    /// What the evidence shows: `10de:2684 class=0x030000 driver=nvidia`.
    public var summary: String {
        var text = "\(id) class=0x\(SysfsHex.format(classCode, digits: 6))"
        if let subsystem { text += " subsystem=\(subsystem)" }
        if let driver { text += " driver=\(driver)" }
        return text
    }
}

/// The USB and PCI devices found, and what could not be read about them. Kept apart from the
/// other facts because hotplug re-reads only these.
public struct DeviceFacts: Sendable, Equatable {
    public var usb: [USBDevice]
    public var pci: [PCIDevice]
    /// Unreadable or malformed device entries, each skipped.
    public var warnings: [ProbeWarning]

    public init(usb: [USBDevice] = [], pci: [PCIDevice] = [], warnings: [ProbeWarning] = []) {
        self.usb = usb
        self.pci = pci
        self.warnings = warnings
    }

    /// Whether the devices (not the warnings) are the same: a rescan that finds this needs no
    /// new labels.
    public func sameDevices(as other: DeviceFacts) -> Bool { usb == other.usb && pci == other.pci }
}
