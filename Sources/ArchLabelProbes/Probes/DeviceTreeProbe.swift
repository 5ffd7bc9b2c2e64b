import ArchLabelCore

/// The device-tree root `model` and `compatible` (boards without DMI: Raspberry Pi, Jetson,
/// Rockchip, …). /proc/device-tree is a link to /sys/firmware/devicetree/base; both are tried.
enum DeviceTreeProbe {
    static let bases = ["/proc/device-tree", "/sys/firmware/devicetree/base"]

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        for base in bases {
            let modelPath = base + "/model"
            let compatiblePath = base + "/compatible"
            let model = context.bytes(modelPath, limit: 4096).flatMap(DeviceTreeStrings.single)
            let compatible = context.bytes(compatiblePath, limit: 4096).map(DeviceTreeStrings.list) ?? []
            if let model { facts.deviceTreeModel = Fact(model, Evidence(modelPath, model)) }
            if !compatible.isEmpty {
                facts.deviceTreeCompatible = Fact(compatible, Evidence(compatiblePath, compatible.joined(separator: " ")))
            }
            if model != nil || !compatible.isEmpty { return }
        }
    }
}
