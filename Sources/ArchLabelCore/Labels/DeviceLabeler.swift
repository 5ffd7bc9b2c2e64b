/// `usb-…​.present`, `pci-…​.present`, `gpu.vendor`, `accelerator.<name>` and `device.<name>`:
/// the devices plugged into the node. The presence labels follow Node Feature Discovery's
/// `usb` and `pci` sources (see docs/labels.md "Devices" for the rules and their origin).
enum DeviceLabeler {
    static func labels(_ devices: DeviceFacts, policy: DevicePolicy) -> [ComputedLabel] {
        presence(devices, policy: policy) + gpuVendor(devices.pci) + accelerators(devices) + named(devices, policy.named)
    }

    /// `usb-<class>_<vendor>_<device>.present` for every allowed class of every USB device (a
    /// device of class `00` counts once per distinct interface class), and
    /// `pci-<class>_<vendor>.present` for every PCI function whose four-digit class starts with
    /// an allowed class. One label per key; its evidence names every device behind it.
    static func presence(_ devices: DeviceFacts, policy: DevicePolicy) -> [ComputedLabel] {
        var evidence: [String: [Evidence]] = [:]
        var order: [String] = []
        func add(_ name: String, _ item: Evidence) {
            if evidence[name] == nil { order.append(name) }
            evidence[name, default: []].append(item)
        }
        let usbAllowed = Set(policy.usbClasses.map { $0.lowercased() })
        for device in devices.usb {
            for deviceClass in device.effectiveClasses {
                let classText = SysfsHex.format(deviceClass, digits: 2)
                guard usbAllowed.contains(classText) else { continue }
                let name = "usb-\(classText)_\(SysfsHex.format(device.id.vendor))_\(SysfsHex.format(device.id.product)).present"
                add(name, Evidence(device.path, device.summary))
            }
        }
        let pciAllowed = policy.pciClasses.map { $0.lowercased() }
        for device in devices.pci where pciAllowed.contains(where: device.classText.hasPrefix) {
            add("pci-\(device.classText)_\(SysfsHex.format(device.id.vendor)).present", Evidence(device.path, device.summary))
        }
        return order.map { ComputedLabel($0, "true", evidence[$0] ?? []) }
    }

    /// The vendor of the display controller people most likely schedule on: the highest-ranked
    /// vendor (discrete GPU makers over Intel over BMC and virtual adapters), then the lowest
    /// PCI address. An unknown vendor gives its four hex digits.
    static func gpuVendor(_ devices: [PCIDevice]) -> [ComputedLabel] {
        let displays = devices.filter(\.isDisplayController)
        func vendor(_ device: PCIDevice) -> DeviceTables.GPUVendor {
            DeviceTables.gpuVendors[device.id.vendor] ?? DeviceTables.GPUVendor(value: SysfsHex.format(device.id.vendor), rank: 2)
        }
        guard let chosen = displays.min(by: { a, b in
            let (rankA, rankB) = (vendor(a).rank, vendor(b).rank)
            return rankA != rankB ? rankA > rankB : a.address < b.address
        }) else { return [] }
        var evidence = [Evidence(chosen.path, chosen.summary)]
        if displays.count > 1 {
            let others = displays.filter { $0.address != chosen.address }.map { "\($0.address) \(vendor($0).value)" }
            evidence.append(Evidence("display controllers", "also " + others.joined(separator: ", ")))
        }
        return [ComputedLabel(BuiltinLabel.gpuVendor.rawValue, vendor(chosen).value, evidence)]
    }

    /// `accelerator.<name>` for every table entry present, evidence naming the device and the
    /// table's source.
    static func accelerators(_ devices: DeviceFacts) -> [ComputedLabel] {
        var found: [String: [Evidence]] = [:]
        for entry in DeviceTables.accelerators {
            switch entry.bus {
            case .usb:
                for device in devices.usb where device.id == entry.id {
                    found[entry.name, default: []].append(Evidence(device.path, "\(device.id): \(entry.source)"))
                }
            case .pci:
                for device in devices.pci where device.id == entry.id {
                    found[entry.name, default: []].append(Evidence(device.path, "\(device.id): \(entry.source)"))
                }
            }
        }
        return found.keys.sorted().map { ComputedLabel(BuiltinLabel.acceleratorPrefix + $0, "true", found[$0] ?? []) }
    }

    /// `device.<name>` for every named device with a present id (and serial number, when given).
    static func named(_ devices: DeviceFacts, _ named: [NamedDevice]) -> [ComputedLabel] {
        named.compactMap { wanted in
            var evidence: [Evidence] = []
            for device in devices.usb where wanted.usb.contains(device.id) {
                if let serial = wanted.serial, device.serial != serial { continue }
                evidence.append(Evidence(device.path, device.summary))
            }
            if wanted.serial == nil {
                for device in devices.pci where wanted.pci.contains(device.id) {
                    evidence.append(Evidence(device.path, device.summary))
                }
            }
            guard !evidence.isEmpty else { return nil }
            return ComputedLabel(BuiltinLabel.devicePrefix + wanted.name, "true", evidence + [Evidence(wanted.location, "named device")])
        }
    }
}
