import ArchLabelCore

/// What came, went and changed (a driver bound or unbound, a string) between two device reads,
/// for the log: `usb 1-1.3 10c4:ea60`, `pci 0000:01:00.0 1e60:2864`.
enum DeviceChange {
    static func between(_ before: DeviceFacts, _ after: DeviceFacts) -> (added: [String], removed: [String], changed: [String]) {
        let old = described(before)
        let new = described(after)
        let oldNames = Set(old.map(\.name))
        let newNames = Set(new.map(\.name))
        let oldByName = Dictionary(old.map { ($0.name, $0.facts) }, uniquingKeysWith: { first, _ in first })
        let changed = new.filter { device in oldByName[device.name].map { $0 != device.facts } ?? false }
        return (new.map(\.name).filter { !oldNames.contains($0) }, old.map(\.name).filter { !newNames.contains($0) },
                changed.map(\.name))
    }

    /// Each device's name for the log and everything read about it, to compare.
    private static func described(_ devices: DeviceFacts) -> [(name: String, facts: String)] {
        devices.usb.map { ("usb \($0.name) \($0.id)", "\($0.path) \($0.summary) \($0.manufacturer ?? "") \($0.product ?? "")") }
            + devices.pci.map { ("pci \($0.address) \($0.id)", "\($0.path) \($0.summary)") }
    }
}
