/// What the device labels cover (the configuration's `devices:` section): the class allow-lists
/// of the NFD-compatible presence labels and the devices named by the user.
public struct DevicePolicy: Sendable, Equatable {
    /// USB classes (two hex digits) that get `usb-<class>_<vendor>_<device>.present`.
    public var usbClasses: [String]
    /// PCI classes (two or four hex digits: a base class, or base class and subclass) that get
    /// `pci-<class>_<vendor>.present`.
    public var pciClasses: [String]
    /// `device.<name>` labels.
    public var named: [NamedDevice]

    /// Node Feature Discovery's default allow-lists: USB video, miscellaneous, application and
    /// vendor specific; PCI display, co-processor and processing accelerators.
    public static let defaultUSBClasses = ["0e", "ef", "fe", "ff"]
    public static let defaultPCIClasses = ["03", "0b40", "12"]

    public init(usbClasses: [String] = DevicePolicy.defaultUSBClasses, pciClasses: [String] = DevicePolicy.defaultPCIClasses,
                named: [NamedDevice] = []) {
        self.usbClasses = usbClasses
        self.pciClasses = pciClasses
        self.named = named
    }
}

/// A device the configuration names: `device.<name>=true` while any USB or PCI device with one
/// of the ids is present (and, with `serial`, only a USB device with that serial number).
public struct NamedDevice: Sendable, Equatable {
    public var name: String
    public var usb: [DeviceID]
    public var pci: [DeviceID]
    public var serial: String?
    /// Where it is written (`config.yaml:12:5 devices.named.zigbee`), for evidence.
    public var location: String

    public init(name: String, usb: [DeviceID] = [], pci: [DeviceID] = [], serial: String? = nil, location: String) {
        self.name = name
        self.usb = usb
        self.pci = pci
        self.serial = serial
        self.location = location
    }
}
