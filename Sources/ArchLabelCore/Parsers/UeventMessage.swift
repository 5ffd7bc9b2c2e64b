/// A kernel uevent as a NETLINK_KOBJECT_UEVENT socket delivers it: a header `ACTION@DEVPATH`
/// followed by NUL-separated `KEY=VALUE` pairs (ACTION, DEVPATH, SUBSYSTEM, SEQNUM, …).
/// udev's own re-broadcasts (starting `libudev`) are not kernel uevents and are refused.
public struct UeventMessage: Sendable, Equatable {
    public var action: String
    public var devicePath: String
    public var subsystem: String?

    /// Parses one datagram; nil when it is not a well-formed kernel uevent.
    public init?(parsing bytes: some Collection<UInt8>) {
        let fields = bytes.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
        guard let header = fields.first, !header.hasPrefix("libudev"), let at = header.firstIndex(of: "@") else { return nil }
        var values: [Substring: Substring] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            values[field[..<equals]] = field[field.index(after: equals)...]
        }
        action = values["ACTION"].map(String.init) ?? String(header[..<at])
        devicePath = values["DEVPATH"].map(String.init) ?? String(header[header.index(after: at)...])
        subsystem = values["SUBSYSTEM"].map(String.init)
        guard !action.isEmpty, devicePath.hasPrefix("/") else { return nil }
    }

    /// The subsystems whose devices carry device labels.
    public static let deviceSubsystems: Set<String> = ["usb", "pci"]
    /// The actions after which the devices are read again: a device came or went, a driver was
    /// bound or unbound, or its state changed (`change`, which `echo change > …/uevent` sends).
    public static let rescanActions: Set<String> = ["add", "remove", "bind", "unbind", "change"]

    /// Whether this event may change the device labels.
    public var concernsDevices: Bool {
        subsystem.map(UeventMessage.deviceSubsystems.contains) == true && UeventMessage.rescanActions.contains(action)
    }
}
