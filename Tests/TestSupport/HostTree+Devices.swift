import Foundation

/// USB and PCI devices in a test's host tree, laid out as the kernel lays them out: a directory
/// under /sys/devices with one file per attribute, and a relative link from /sys/bus/<bus>/devices.
extension HostTree {
    /// Adds the USB device whose directory is `directory` (`/sys/devices/…/usb1/1-1`), named by
    /// its last component, with one interface per class in `interfaces`.
    @discardableResult
    public func usbDevice(
        _ directory: String, id: String, deviceClass: String, interfaces: [String] = [], serial: String? = nil
    ) -> HostTree {
        let name = String(directory.split(separator: "/").last ?? "")
        let ids = id.split(separator: ":").map(String.init)
        let directory = String(directory.drop { $0 == "/" })
        file(directory + "/idVendor", ids[0] + "\n").file(directory + "/idProduct", ids[1] + "\n")
        file(directory + "/bDeviceClass", deviceClass + "\n")
        if let serial { file(directory + "/serial", serial + "\n") }
        symlink("sys/bus/usb/devices/" + name, to: "../../../" + directory.dropFirst(4))
        // A root hub's interfaces are named after its port 0: usb1 has 1-0:1.0.
        let prefix = name.hasPrefix("usb") ? name.dropFirst(3) + "-0" : Substring(name)
        for (index, interfaceClass) in interfaces.enumerated() {
            let interface = "\(prefix):1.\(index)"
            file("\(directory)/\(interface)/bInterfaceClass", interfaceClass + "\n")
            symlink("sys/bus/usb/devices/" + interface, to: "../../../\(directory.dropFirst(4))/\(interface)")
        }
        return self
    }

    /// Adds the PCI function at `directory` (`/sys/devices/pci0000:00/0000:01:00.0`).
    @discardableResult
    public func pciDevice(_ directory: String, id: String, classCode: String, driver: String? = nil) -> HostTree {
        let address = String(directory.split(separator: "/").last ?? "")
        let ids = id.split(separator: ":").map(String.init)
        let directory = String(directory.drop { $0 == "/" })
        file(directory + "/vendor", "0x\(ids[0])\n").file(directory + "/device", "0x\(ids[1])\n")
        file(directory + "/class", "0x\(classCode)\n")
        if let driver {
            let depth = directory.split(separator: "/").count - 1
            symlink(directory + "/driver", to: String(repeating: "../", count: depth) + "bus/pci/drivers/" + driver)
        }
        symlink("sys/bus/pci/devices/" + address, to: "../../../" + directory.dropFirst(4))
        return self
    }

    /// Removes a device as an unplug does: its bus links (interfaces too) and its directory.
    public func unplug(_ directory: String, bus: String) {
        let name = String(directory.split(separator: "/").last ?? "")
        let links = root.appendingPathComponent("sys/bus/\(bus)/devices")
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: links.path)) ?? []
        where entry == name || entry.hasPrefix(name + ":") {
            try? FileManager.default.removeItem(at: links.appendingPathComponent(entry))
        }
        try? FileManager.default.removeItem(at: root.appendingPathComponent(String(directory.dropFirst())))
    }
}
