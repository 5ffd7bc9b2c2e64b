import ArchLabelCore
import Testing

/// Device labels from device facts: NFD's presence rules (class 00 through the interfaces, PCI
/// class prefixes), the GPU vendor choice, the accelerator table and named devices.
struct DeviceLabelerTests {
    static func usb(_ name: String, _ id: DeviceID, _ deviceClass: UInt8, _ interfaces: [UInt8] = [], serial: String? = nil) -> USBDevice {
        USBDevice(name: name, path: "/sys/devices/usb1/\(name)", id: id, deviceClass: deviceClass, interfaceClasses: interfaces, serial: serial)
    }

    static func pci(_ address: String, _ id: DeviceID, _ classCode: UInt32) -> PCIDevice {
        PCIDevice(address: address, path: "/sys/devices/pci0000:00/\(address)", id: id, classCode: classCode)
    }

    private func labels(_ devices: DeviceFacts, _ policy: DevicePolicy = DevicePolicy()) throws -> LabelSet {
        var facts = HostFacts()
        facts.devices = devices
        return LabelSet(BuiltinLabelers.all(facts, devices: policy).filter { $0.name != "virt" }, prefix: try LabelPrefix(""))
    }

    @Test func classZeroDevicesCountOncePerDistinctAllowedInterfaceClass() throws {
        let devices = DeviceFacts(usb: [
            Self.usb("1-1", DeviceID(0x1a6e, 0x089a), 0x00, [0xfe]),
            Self.usb("1-2", DeviceID(0x046d, 0x0825), 0x00, [0x0e, 0x0e, 0x01, 0xff]),
            Self.usb("1-3", DeviceID(0x1cf1, 0x0030), 0x02, [0x02, 0x0a]),
            Self.usb("1-4", DeviceID(0x0bda, 0x5634), 0xef, [0x0e, 0x0e]),
            Self.usb("usb1", DeviceID(0x1d6b, 0x0002), 0x09, [0x09]),
        ])
        let set = try labels(devices)
        #expect(set.dictionary == [
            "usb-fe_1a6e_089a.present": "true", "accelerator.coral": "true",
            "usb-0e_046d_0825.present": "true", "usb-ff_046d_0825.present": "true",
            "usb-ef_0bda_5634.present": "true",
        ])
    }

    @Test func pciClassesMatchAsPrefixesOfTheFourDigitClass() throws {
        let devices = DeviceFacts(pci: [
            Self.pci("0000:00:02.0", DeviceID(0x8086, 0x3e9b), 0x030000),
            Self.pci("0000:01:00.0", DeviceID(0x10de, 0x1cbb), 0x030200),
            Self.pci("0000:01:00.1", DeviceID(0x10de, 0x0fb9), 0x040300),
            Self.pci("0001:01:00.0", DeviceID(0x1e60, 0x2864), 0x0b4000),
            Self.pci("0000:03:00.0", DeviceID(0x1ac1, 0x089a), 0x088000),
            Self.pci("0000:04:00.0", DeviceID(0x1e52, 0xb140), 0x120000),
        ])
        let set = try labels(devices)
        #expect(set.dictionary == [
            "pci-0300_8086.present": "true", "pci-0302_10de.present": "true", "pci-0b40_1e60.present": "true",
            "pci-1200_1e52.present": "true", "gpu.vendor": "nvidia", "accelerator.hailo": "true", "accelerator.coral": "true",
        ])
        let narrowed = try labels(devices, DevicePolicy(usbClasses: [], pciClasses: ["0302", "08"]))
        #expect(narrowed["pci-0302_10de.present"] == "true")
        #expect(narrowed["pci-0880_1ac1.present"] == "true")
        #expect(narrowed["pci-0300_8086.present"] == nil)
    }

    @Test func theGPUVendorPrefersDiscreteMakersThenIntelThenConsoleAdapters() throws {
        let aspeed = Self.pci("0000:02:00.0", DeviceID(0x1a03, 0x2000), 0x030000)
        let intel = Self.pci("0000:00:02.0", DeviceID(0x8086, 0x3e92), 0x030000)
        let amd = Self.pci("0000:0a:00.0", DeviceID(0x1002, 0x1681), 0x030000)
        let nvidia = Self.pci("0000:01:00.0", DeviceID(0x10de, 0x1d01), 0x030000)
        let unknown = Self.pci("0000:05:00.0", DeviceID(0x1ed5, 0x0100), 0x030000)
        #expect(try labels(DeviceFacts(pci: [aspeed]))["gpu.vendor"] == "aspeed")
        #expect(try labels(DeviceFacts(pci: [aspeed, intel]))["gpu.vendor"] == "intel")
        #expect(try labels(DeviceFacts(pci: [intel, nvidia, aspeed]))["gpu.vendor"] == "nvidia")
        #expect(try labels(DeviceFacts(pci: [amd, nvidia]))["gpu.vendor"] == "nvidia", "equal rank: the lower address")
        #expect(try labels(DeviceFacts(pci: [aspeed, unknown]))["gpu.vendor"] == "1ed5")
        #expect(try labels(DeviceFacts(pci: [Self.pci("0000:00:1f.3", DeviceID(0x8086, 0xa348), 0x040300)]))["gpu.vendor"] == nil)
    }

    @Test func namedDevicesMatchAnyIdAndOptionallyASerialNumber() throws {
        let devices = DeviceFacts(usb: [
            Self.usb("1-1", DeviceID(0x10c4, 0xea60), 0x00, [0xff], serial: "80bcfdbfd48bee118710fc018acbdcd8"),
            Self.usb("1-2", DeviceID(0x0403, 0x6001), 0x00, [0xff], serial: "AL02OWN5"),
        ], pci: [Self.pci("0000:01:00.0", DeviceID(0x1e60, 0x2864), 0x0b4000)])
        let policy = DevicePolicy(named: [
            NamedDevice(name: "zigbee", usb: [DeviceID(0x10c4, 0xea60), DeviceID(0x1a86, 0x55d4)], location: "c.yaml:3:5"),
            NamedDevice(name: "meter-upstairs", usb: [DeviceID(0x0403, 0x6001)], serial: "A50285BI", location: "c.yaml:4:5"),
            NamedDevice(name: "meter-cellar", usb: [DeviceID(0x0403, 0x6001)], serial: "AL02OWN5", location: "c.yaml:5:5"),
            NamedDevice(name: "npu", pci: [DeviceID(0x1e60, 0x2864)], location: "c.yaml:6:5"),
        ])
        let set = try labels(devices, policy)
        #expect(set["device.zigbee"] == "true")
        #expect(set["device.meter-upstairs"] == nil, "another serial number")
        #expect(set["device.meter-cellar"] == "true")
        #expect(set["device.npu"] == "true")
        let evidence = try #require(set.entries.first { $0.name == "device.meter-cellar" }?.evidence)
        #expect(evidence.map(\.source) == ["/sys/devices/usb1/1-2", "c.yaml:5:5"])
    }

    @Test func onePresenceLabelNamesEveryDeviceBehindIt() throws {
        let devices = DeviceFacts(usb: [
            Self.usb("1-1", DeviceID(0x0403, 0x6001), 0x00, [0xff], serial: "A"),
            Self.usb("1-2", DeviceID(0x0403, 0x6001), 0x00, [0xff], serial: "B"),
        ])
        let entry = try #require(try labels(devices).entries.first { $0.name == "usb-ff_0403_6001.present" })
        #expect(entry.evidence.map(\.source) == ["/sys/devices/usb1/1-1", "/sys/devices/usb1/1-2"])
    }

    @Test(arguments: [
        ("add@/devices/pci0000:00/0000:00:14.0/usb1/1-1\0ACTION=add\0DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-1\0SUBSYSTEM=usb\0DEVTYPE=usb_device\0SEQNUM=4242\0", "add", "usb", true),
        ("unbind@/devices/pci0000:00/0000:01:00.0\0ACTION=unbind\0DEVPATH=/devices/pci0000:00/0000:01:00.0\0SUBSYSTEM=pci\0", "unbind", "pci", true),
        ("add@/devices/virtual/net/veth0\0ACTION=add\0DEVPATH=/devices/virtual/net/veth0\0SUBSYSTEM=net\0", "add", "net", false),
        ("online@/devices/system/cpu/cpu1\0ACTION=online\0DEVPATH=/devices/system/cpu/cpu1\0SUBSYSTEM=cpu\0", "online", "cpu", false),
        ("change@/devices/pci0000:00/0000:00:00.0\0ACTION=change\0DEVPATH=/devices/pci0000:00/0000:00:00.0\0SUBSYSTEM=pci\0SYNTH_UUID=0\0", "change", "pci", true),
    ])
    func uevents(_ text: String, _ action: String, _ subsystem: String, _ concernsDevices: Bool) throws {
        let message = try #require(UeventMessage(parsing: Array(text.utf8)))
        #expect(message.action == action)
        #expect(message.subsystem == subsystem)
        #expect(message.concernsDevices == concernsDevices)
    }

    @Test func notUevents() {
        #expect(UeventMessage(parsing: Array("libudev\0\u{fe}\u{ed}\u{ca}\u{fe}".utf8)) == nil)
        #expect(UeventMessage(parsing: [UInt8]()) == nil)
        #expect(UeventMessage(parsing: Array("no header here\0ACTION=add\0".utf8)) == nil)
        #expect(UeventMessage(parsing: Array("add@relative\0".utf8)) == nil)
    }

    @Test(arguments: ["1a6e:089a", "1A6E:089A"]) func ids(_ text: String) {
        #expect(DeviceID(parsing: text) == DeviceID(0x1a6e, 0x089a))
    }

    @Test(arguments: ["1a6e", "1a6e:89a", "1a6e:089a:1", "0x1a6e:089a", "0x1a:089a", " 1a6:089a", "1a6e:08\n9", "1a6e:089g", "", ":"]) func notIds(_ text: String) {
        #expect(DeviceID(parsing: text) == nil)
    }
}
