import ArchLabelCore

/// USB devices: the entries of /sys/bus/usb/devices without a `:` (`1-1.2`, `usb1`); the
/// entries with one are their interfaces (`1-1.2:1.0`: configuration 1, interface 0). A root
/// hub's interfaces carry the bus's port-0 name: `usb1` has `1-0:1.0`.
enum USBDeviceProbe {
    static func devices(_ bus: SysfsBus) -> [USBDevice] {
        var interfaces: [String: [(key: [Int], name: String)]] = [:]
        for name in bus.names {
            guard let colon = name.firstIndex(of: ":") else { continue }
            let key = name[name.index(after: colon)...].split(separator: ".").map { Int($0) ?? Int.max }
            interfaces[String(name[..<colon]), default: []].append((key, name))
        }
        return bus.names.filter { !$0.contains(":") }.compactMap { name in
            let own = (interfaces[interfacePrefix(name)] ?? []).sorted { $0.key.lexicographicallyPrecedes($1.key) }
            return device(name, interfaces: own.map(\.name), bus)
        }
    }

    /// What a device's interface names start with before the `:`: its own name, or `B-0` for the
    /// root hub `usbB`.
    static func interfacePrefix(_ name: String) -> String {
        guard name.hasPrefix("usb"), let bus = Int(name.dropFirst(3)) else { return name }
        return "\(bus)-0"
    }

    /// One device, nil (with a warning) when its ids or class are missing or malformed.
    static func device(_ name: String, interfaces: [String], _ bus: SysfsBus) -> USBDevice? {
        let identity = bus.required(name, "idVendor, idProduct or bDeviceClass") { () -> (UInt32, UInt32, UInt32)? in
            guard let vendor = bus.hex(name, "idVendor", digits: 4), let product = bus.hex(name, "idProduct", digits: 4),
                  let deviceClass = bus.hex(name, "bDeviceClass", digits: 2) else { return nil }
            return (vendor, product, deviceClass)
        }
        guard let (vendor, product, deviceClass) = identity else { return nil }
        let classes = interfaces.compactMap { bus.hex($0, "bInterfaceClass", digits: 2) }.map { UInt8($0) }
        return USBDevice(
            name: name, path: bus.location(name), id: DeviceID(UInt16(vendor), UInt16(product)),
            deviceClass: UInt8(deviceClass), interfaceClasses: classes, serial: bus.string(name, "serial"),
            manufacturer: bus.string(name, "manufacturer"), product: bus.string(name, "product"))
    }
}
