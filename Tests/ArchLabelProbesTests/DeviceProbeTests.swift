import ArchLabelCore
import ArchLabelProbes
import Foundation
import Testing
import TestSupport

/// USB and PCI devices read from sysfs-shaped trees: the kernel's layout, then hostile trees
/// (missing attributes, non-hex ids, symlink loops, links out of the root, thousands of devices).
struct DeviceProbeTests {
    static let xhci = "/sys/devices/pci0000:00/0000:00:14.0/usb1"

    private func devices(_ tree: HostTree) throws -> DeviceFacts {
        HostProber(root: try HostRoot(path: tree.path), live: .none).probeDevices()
    }

    @Test func aDeviceIsReadThroughItsBusLinkWithItsInterfacesInOrder() throws {
        let tree = HostTree()
            .usbDevice(Self.xhci, id: "1d6b:0002", deviceClass: "09", interfaces: ["09"])
            .usbDevice(Self.xhci + "/1-1", id: "1a6e:089a", deviceClass: "00", interfaces: ["fe"])
            .usbDevice(Self.xhci + "/1-2", id: "1cf1:0030", deviceClass: "02", interfaces: ["02", "0a"], serial: "DE2597089")
            .pciDevice("/sys/devices/pci0000:00/0000:01:00.0", id: "10de:2507", classCode: "030000", driver: "nvidia")
        // Interfaces numbered past 9 sort numerically, as the kernel numbers them.
        for index in 2...10 { tree.file("sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.\(index)/bInterfaceClass", "ff\n") }
        for index in 2...10 {
            tree.symlink("sys/bus/usb/devices/1-2:1.\(index)", to: "../../../devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.\(index)")
        }
        let found = try devices(tree)
        #expect(found.warnings.isEmpty)
        #expect(found.usb.map(\.name) == ["1-1", "1-2", "usb1"])
        let coral = try #require(found.usb.first)
        #expect(coral.path == Self.xhci + "/1-1")
        #expect(coral.id == DeviceID(0x1a6e, 0x089a))
        #expect(coral.effectiveClasses == [0xfe])
        let conbee = found.usb[1]
        #expect(conbee.interfaceClasses == [0x02, 0x0a] + Array(repeating: 0xff, count: 9))
        #expect(conbee.effectiveClasses == [0x02], "a device class other than 00 is the class")
        #expect(conbee.serial == "DE2597089")
        let gpu = try #require(found.pci.first)
        #expect(gpu.address == "0000:01:00.0")
        #expect(gpu.classText == "0300")
        #expect(gpu.driver == "nvidia")
        #expect(gpu.path == "/sys/devices/pci0000:00/0000:01:00.0")
    }

    @Test func noSysfsBusesMeansNoDevicesAndNoWarnings() throws {
        let found = try devices(HostTree().directory("sys"))
        #expect(found == DeviceFacts())
    }

    @Test func malformedAndMissingAttributesSkipTheDeviceWithAWarning() throws {
        let tree = HostTree()
            .usbDevice(Self.xhci + "/1-1", id: "1a6e:089a", deviceClass: "00", interfaces: ["fe"])
            .usbDevice(Self.xhci + "/1-2", id: "zzzz:0001", deviceClass: "ff")
            .usbDevice(Self.xhci + "/1-3", id: "12345:0001", deviceClass: "ff")
            .usbDevice(Self.xhci + "/1-4", id: "0403:6001", deviceClass: "0x1ff")
            .pciDevice("/sys/devices/pci0000:00/0000:00:02.0", id: "8086:3e9b", classCode: "not-hex")
            .pciDevice("/sys/devices/pci0000:00/0000:00:03.0", id: "8086:3e9b", classCode: "030000")
        tree.file("sys/devices/pci0000:00/0000:00:03.0/vendor", "")
        tree.symlink("sys/bus/usb/devices/1-9", to: "../../../devices/nowhere/1-9")
        tree.file("sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/bInterfaceClass", "\u{1b}[31m\n")
        let found = try devices(tree)
        #expect(found.usb.map(\.name) == ["1-1"])
        #expect(found.usb.first?.interfaceClasses == [], "a malformed interface class is left out")
        #expect(found.pci.isEmpty)
        let sources = Set(found.warnings.map(\.source))
        #expect(sources.contains("/sys/bus/usb/devices/1-2/idVendor"))
        #expect(sources.contains("/sys/bus/usb/devices/1-3/idVendor"))
        #expect(sources.contains("/sys/bus/usb/devices/1-4/bDeviceClass"))
        #expect(sources.contains("/sys/bus/usb/devices/1-9"))
        #expect(sources.contains("/sys/bus/pci/devices/0000:00:02.0/class"))
        #expect(sources.contains("/sys/bus/pci/devices/0000:00:03.0/vendor"), "an empty id is malformed")
        #expect(sources.contains("/sys/bus/usb/devices/1-1:1.0/bInterfaceClass"))
        #expect(found.warnings.allSatisfy { !$0.message.contains("\u{1b}") })
    }

    @Test func symlinkLoopsAndLinksOutOfTheRootAreUnreadableNotFollowed() throws {
        let outside = HostTree().usbDevice("/sys/devices/usb9/9-1", id: "18d1:9302", deviceClass: "ff")
        let tree = HostTree()
            .symlink("sys/bus/usb/devices/1-1", to: "1-1")
            .symlink("sys/bus/usb/devices/1-2", to: "../../../devices/loop/1-2")
            .symlink("sys/devices/loop", to: "loop")
            .symlink("sys/bus/usb/devices/9-1", to: outside.path + "/sys/devices/usb9/9-1")
            .symlink("sys/bus/pci/devices/0000:00:00.0", to: "../../../../../../../../../..")
        let found = try devices(tree)
        #expect(found.usb.isEmpty, "the link out of the root resolves inside it, where nothing is")
        #expect(found.pci.isEmpty)
        #expect(found.warnings.count >= 3)
    }

    @Test func thousandsOfDevicesAreBoundedAndWarned() throws {
        let tree = HostTree()
        for index in 0..<(DeviceProbeLimit.entries + 100) {
            tree.symlink(String(format: "sys/bus/usb/devices/1-%05d", index), to: "../../../devices/usb1/1-0")
        }
        tree.usbDevice("/sys/devices/usb1/1-0", id: "0403:6001", deviceClass: "ff")
        let found = try devices(tree)
        #expect(found.usb.count == DeviceProbeLimit.entries, "every allowed entry read, each through the same link")
        #expect(found.warnings.contains { $0.source == "/sys/bus/usb/devices" && $0.message.contains("only \(DeviceProbeLimit.entries) were read") })
    }
}

/// The bound the probe puts on one bus directory (`DeviceProbe.entryLimit`).
enum DeviceProbeLimit {
    static let entries = 4096
}
