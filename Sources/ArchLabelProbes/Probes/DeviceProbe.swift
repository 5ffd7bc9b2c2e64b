import ArchLabelCore

/// USB and PCI devices from sysfs. Both buses are symlink farms: `/sys/bus/<bus>/devices/<name>`
/// links into `/sys/devices/…`, and every read goes through those links beneath the root, so a
/// link pointing out of a captured tree, or a loop, fails like any unreadable file. A device with
/// a missing or malformed id is skipped with a warning; a bus directory that is missing means
/// "no such bus". Hotplug calls ``scan(_:)`` alone.
enum DeviceProbe {
    /// More entries than this on one bus are not read (real machines have tens).
    static let entryLimit = 4096

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        facts.devices = scan(context.root)
    }

    /// The devices at `root`, with their own warnings.
    static func scan(_ root: HostRoot) -> DeviceFacts {
        let context = ProbeContext(root: root, live: .none)
        let usb = USBDeviceProbe.devices(SysfsBus(context, "/sys/bus/usb/devices"))
        let pci = PCIDeviceProbe.devices(SysfsBus(context, "/sys/bus/pci/devices"))
        return DeviceFacts(usb: usb, pci: pci, warnings: context.warnings)
    }
}

/// One `/sys/bus/<bus>/devices` directory: its entries (bounded), where each lives, and its
/// attributes as numbers and strings.
struct SysfsBus {
    let context: ProbeContext
    let directory: String
    /// The entries, sorted; empty when the directory is missing.
    let names: [String]

    init(_ context: ProbeContext, _ directory: String) {
        self.context = context
        self.directory = directory
        var names = context.root.list(directory, limit: DeviceProbe.entryLimit) ?? []
        if names.count > DeviceProbe.entryLimit {
            context.warn(directory, "more than \(DeviceProbe.entryLimit) entries; only \(DeviceProbe.entryLimit) were read")
            names.removeLast(names.count - DeviceProbe.entryLimit)
        }
        self.names = names
    }

    func entry(_ name: String) -> String { directory + "/" + name }

    /// Where the entry's attributes live: its link target made absolute (the kernel's relative
    /// `../../../devices/…`), or the entry itself when it is not a link.
    func location(_ name: String) -> String {
        guard let target = context.root.readLink(entry(name)) else { return entry(name) }
        var parts = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == ".." {
                _ = parts.popLast()
            } else if part != "." {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The attribute `file` of entry `name` as a number of at most `digits` hex digits. Missing,
    /// unreadable and malformed values are nil; malformed ones (and unreadable ones, by the
    /// context) are warned about.
    func hex(_ name: String, _ file: String, digits: Int) -> UInt32? {
        let path = entry(name) + "/" + file
        guard let text = context.text(path, limit: 256) else { return nil }
        guard let value = SysfsHex.parse(text, digits: digits) else {
            context.warn(path, "\"\(firstLine(of: text) ?? "")\" is not a hex number of at most \(digits) digits; device skipped")
            return nil
        }
        return value
    }

    /// Runs `read`, which gives nil for an entry to skip; when it does so without having said why
    /// (an attribute was simply missing), warns that the entry lacks `attributes`.
    func required<T>(_ name: String, _ attributes: String, _ read: () -> T?) -> T? {
        let before = context.warnings.count
        let value = read()
        if value == nil, context.warnings.count == before {
            context.warn(entry(name), "no \(attributes): skipped")
        }
        return value
    }

    /// The first line of attribute `file` of entry `name`, trimmed; nil when missing or blank.
    func string(_ name: String, _ file: String) -> String? {
        context.text(entry(name) + "/" + file, limit: 256).flatMap(firstLine(of:))
    }
}
