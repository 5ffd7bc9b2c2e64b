import ArchLabelConfig
import ArchLabelCore
import Testing

/// The `devices:` section: allow-lists, named devices, the rescan period, and strict errors.
struct DeviceConfigurationTests {
    private func parse(_ text: String) throws -> Configuration {
        try Configuration(parsing: Array(text.utf8), file: "/etc/archlabeld/config.yaml")
    }

    @Test func theDefaultsAreNFDs() throws {
        let configuration = try parse("")
        #expect(configuration.devices == DevicePolicy())
        #expect(configuration.devices.usbClasses == ["0e", "ef", "fe", "ff"])
        #expect(configuration.devices.pciClasses == ["03", "0b40", "12"])
        #expect(configuration.deviceRescanInterval == .seconds(30))
    }

    @Test func theSpecsExample() throws {
        let configuration = try parse("""
            devices:
              usbClasses: ["0e", "ef", "fe", "FF"]
              pciClasses: ["03", "0b40", "12"]
              named:
                zigbee: {usb: ["10c4:ea60", "1a86:55d4"]}
                meter-upstairs: {usb: ["0403:6001"], serial: "A50285BI"}
                npu: {pci: ["1e60:2864", "1e60:45c4"]}
              rescanInterval: 5s
            """)
        #expect(configuration.devices.usbClasses == ["0e", "ef", "fe", "ff"])
        #expect(configuration.devices.named.map(\.name) == ["zigbee", "meter-upstairs", "npu"])
        #expect(configuration.devices.named[0].usb == [DeviceID(0x10c4, 0xea60), DeviceID(0x1a86, 0x55d4)])
        #expect(configuration.devices.named[1].serial == "A50285BI")
        #expect(configuration.devices.named[1].location == "/etc/archlabeld/config.yaml:6:21 devices.named.meter-upstairs")
        #expect(configuration.devices.named[2].pci == [DeviceID(0x1e60, 0x2864), DeviceID(0x1e60, 0x45c4)])
        #expect(configuration.deviceRescanInterval == .seconds(5))
    }

    @Test func emptyAllowListsTurnPresenceLabelsOff() throws {
        let configuration = try parse("devices: {usbClasses: [], pciClasses: []}")
        #expect(configuration.devices.usbClasses.isEmpty && configuration.devices.pciClasses.isEmpty)
    }

    @Test func deviceLabelsAreBuiltinsForDisableAndRules() throws {
        let configuration = try parse("""
            disable: [gpu.vendor, accelerator.coral, usb-ff_1a6e_089a.present]
            rules:
              - labels: {frigate: ok}
                matchExpressions: [{key: device.zigbee, operator: Exists}]
            """)
        #expect(configuration.disable == ["gpu.vendor", "accelerator.coral", "usb-ff_1a6e_089a.present"])
    }

    @Test(arguments: [
        ("devices: {usbclasses: [ff]}", "1:11: devices.usbclasses: unknown key; expected one of named, pciClasses, rescanInterval, usbClasses"),
        ("devices: {usbClasses: [\"0xff\"]}", "1:24: devices.usbClasses[0]: \"0xff\" is not a class code; write hex digits like \"ff\""),
        ("devices: {usbClasses: [\"0e00\"]}", "1:24: devices.usbClasses[0]: \"0e00\" is not a class code"),
        ("devices: {pciClasses: [\"0b4\"]}", "1:24: devices.pciClasses[0]: \"0b4\" is not a class code; write hex digits like \"03\" or \"0b40\""),
        ("devices: {pciClasses: \"03\"}", "1:23: devices.pciClasses: expected a list, found a scalar"),
        ("devices: {named: {zigbee: {usb: [\"10c4-ea60\"]}}}", "1:34: devices.named.zigbee.usb[0]: \"10c4-ea60\" is not a vendor:product id"),
        ("devices: {named: {zigbee: {usb: [\"10c4:ea6\"]}}}", "1:34: devices.named.zigbee.usb[0]: \"10c4:ea6\" is not a vendor:product id"),
        ("devices: {named: {zigbee: {}}}", "1:27: devices.named.zigbee: a named device needs at least one usb or pci id"),
        ("devices: {named: {zigbee: {usb: [\"10c4:ea60\"], product: x}}}", "1:48: devices.named.zigbee.product: unknown key; expected one of pci, serial, usb"),
        ("devices: {named: {\"my stick\": {usb: [\"10c4:ea60\"]}}}", "1:31: devices.named.my stick: \"archlabeld.io/device.my stick\" is not a valid label key"),
        ("devices: {named: {npu: {pci: [\"1e60:2864\"], serial: X1}}}", "1:53: devices.named.npu.serial: serial narrows USB devices only"),
        ("devices: {named: {m: {usb: [\"0403:6001\"], serial: \"\"}}}", "1:51: devices.named.m.serial: serial is empty"),
        ("devices: {rescanInterval: 500ms}", "1:27: devices.rescanInterval: \"500ms\" is not a duration"),
        ("devices: {rescanInterval: 2h}", "1:27: devices.rescanInterval: 2h is outside 1s…1h"),
        ("devices: [usb]", "1:10: devices: expected a mapping, found a list"),
    ])
    func errorsNameTheirPlace(text: String, expected: String) {
        expectConfigurationError(text, expected)
    }
}
