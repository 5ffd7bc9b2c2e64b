import ArchLabelCore

/// What came and went between two device reads, for the log: `usb 1-1.2 10c4:ea60`,
/// `pci 0000:01:00.0 1e60:2864`.
enum DeviceChange {
    static func between(_ before: DeviceFacts, _ after: DeviceFacts) -> (added: [String], removed: [String]) {
        let old = Set(names(before))
        let new = Set(names(after))
        return (names(after).filter { !old.contains($0) }, names(before).filter { !new.contains($0) })
    }

    static func names(_ devices: DeviceFacts) -> [String] {
        devices.usb.map { "usb \($0.name) \($0.id)" } + devices.pci.map { "pci \($0.address) \($0.id)" }
    }
}
