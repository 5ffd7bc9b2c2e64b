import ArchLabelCore

/// PCI functions: the entries of /sys/bus/pci/devices (`0000:01:00.0`).
enum PCIDeviceProbe {
    static func devices(_ bus: SysfsBus) -> [PCIDevice] {
        bus.names.compactMap { device($0, bus) }
    }

    /// One function, nil (with a warning) when its ids or class are missing or malformed.
    static func device(_ name: String, _ bus: SysfsBus) -> PCIDevice? {
        let identity = bus.required(name, "vendor, device or class") { () -> (UInt32, UInt32, UInt32)? in
            guard let vendor = bus.hex(name, "vendor", digits: 4), let device = bus.hex(name, "device", digits: 4),
                  let classCode = bus.hex(name, "class", digits: 6) else { return nil }
            return (vendor, device, classCode)
        }
        guard let (vendor, device, classCode) = identity else { return nil }
        var subsystem: DeviceID?
        if let subVendor = bus.hex(name, "subsystem_vendor", digits: 4),
           let subDevice = bus.hex(name, "subsystem_device", digits: 4) {
            subsystem = DeviceID(UInt16(subVendor), UInt16(subDevice))
        }
        let driver = bus.context.root.readLink(bus.entry(name) + "/driver")
            .flatMap { $0.split(separator: "/").last.map(String.init) }
        return PCIDevice(
            address: name, path: bus.location(name), id: DeviceID(UInt16(vendor), UInt16(device)),
            classCode: classCode, subsystem: subsystem, driver: driver)
    }
}
