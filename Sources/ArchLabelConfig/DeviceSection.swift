import ArchLabelCore
import ArchLabelYAML

extension Configuration {
    /// The `devices` keys.
    static let deviceKeys: Set<String> = ["usbClasses", "pciClasses", "named", "rescanInterval"]
    /// The shortest and longest device rescan periods accepted.
    static let rescanRange: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)

    /// Parses `devices:` strictly: classes as two (USB) or two or four (PCI) hex digits, named
    /// devices with valid label names and `vendor:product` ids.
    mutating func parseDevices(_ value: YAMLValue) throws(YAMLError) {
        let map = try value.mapping()
        try map.rejectUnknownKeys(Configuration.deviceKeys)
        if let list = map["usbClasses"] {
            devices.usbClasses = try Configuration.classes(list, digits: [2], example: "\"ff\"")
        }
        if let list = map["pciClasses"] {
            devices.pciClasses = try Configuration.classes(list, digits: [2, 4], example: "\"03\" or \"0b40\"")
        }
        if let named = map["named"] {
            devices.named = []
            for (name, entry) in try named.mapping().values {
                devices.named.append(try Configuration.namedDevice(name, entry, prefix: labelPrefix))
            }
        }
        if let interval = map["rescanInterval"] {
            deviceRescanInterval = try Configuration.duration(interval, within: Configuration.rescanRange, "1s…1h")
        }
    }

    /// A list of class codes, lower-cased.
    static func classes(_ value: YAMLValue, digits: [Int], example: String) throws(YAMLError) -> [String] {
        var classes: [String] = []
        for item in try value.list() {
            let text = try item.string()
            guard digits.contains(where: { SysfsHex.isDigits(text, count: $0) }) else {
                throw item.error("\"\(text)\" is not a class code; write hex digits like \(example)")
            }
            classes.append(text.lowercased())
        }
        return classes
    }

    /// One `named` entry: `usb` and `pci` id lists (at least one id) and an optional USB `serial`.
    static func namedDevice(_ name: String, _ value: YAMLValue, prefix: LabelPrefix) throws(YAMLError) -> NamedDevice {
        let key = prefix.key(BuiltinLabel.devicePrefix + name)
        guard !name.isEmpty, !name.contains("/"), LabelSyntax.isValidKey(key) else {
            throw value.error("\"\(key)\" is not a valid label key; name devices with letters, digits, - _ .")
        }
        let map = try value.mapping()
        try map.rejectUnknownKeys(["usb", "pci", "serial"])
        let usb = try ids(map["usb"])
        let pci = try ids(map["pci"])
        guard !usb.isEmpty || !pci.isEmpty else { throw value.error("a named device needs at least one usb or pci id") }
        let serial = try map["serial"].map { (item) throws(YAMLError) in
            let text = try item.string()
            guard !text.isEmpty else { throw item.error("serial is empty; leave it out to match any serial number") }
            guard !usb.isEmpty, pci.isEmpty else { throw item.error("serial narrows USB devices only; list usb ids and no pci ids") }
            return text
        }
        let mark = value.node.mark
        return NamedDevice(name: name, usb: usb, pci: pci, serial: serial,
                           location: "\(value.file):\(mark.line):\(mark.column) \(value.keyPath)")
    }

    /// A list of `vendor:product` ids, or none when the key is absent.
    static func ids(_ value: YAMLValue?) throws(YAMLError) -> [DeviceID] {
        var ids: [DeviceID] = []
        for item in try value?.list() ?? [] {
            let text = try item.string()
            guard let id = DeviceID(parsing: text) else {
                throw item.error("\"\(text)\" is not a vendor:product id; write it as lsusb and lspci -nn show it, like 10c4:ea60")
            }
            ids.append(id)
        }
        return ids
    }
}
