/// Who made the board and what it is: Raspberry Pi families from the device-tree `compatible`
/// first, the revision code second, the model string last; other single-board computers from
/// `compatible`; everything else from DMI.
///
/// The model string is the device tree's `model`, or, where the device tree is not visible (a
/// container with /sys/firmware masked, some chroots), the `Model` line that Raspberry Pi kernels
/// print at the end of /proc/cpuinfo (Raspberry Pi OS and Ubuntu, 32- and 64-bit).
public struct BoardIdentity: Sendable, Equatable {
    public var hardware: Fact<String>?
    public var model: Fact<String>?
    public var revision: Fact<String>?
    public var soc: Fact<String>?
    /// The Raspberry Pi revision code, when this is a Pi (it also says the board's RAM).
    public var revisionCode: Fact<RevisionCode>?
}

public enum BoardIdentifier {
    public static func identify(_ facts: HostFacts) -> BoardIdentity {
        let model = facts.deviceTreeModel ?? raspberryPiCPUInfoModel(facts)
        let revision = raspberryPiRevision(facts, model: model)
        let compatible = facts.deviceTreeCompatible
        var identity = BoardIdentity()
        identity.revisionCode = revision
        identity.model = model
        identity.hardware = raspberryPiFamily(compatible: compatible, revision: revision, model: model)
            ?? otherBoard(compatible)
            ?? dmiProduct(facts.dmi)
        if identity.hardware?.value.hasPrefix("rpi") == true, let revision {
            identity.revision = Fact(revision.value.boardRevision, revision.evidence)
        }
        identity.soc = soc(compatible: compatible, revision: revision)
        return identity
    }

    /// The `Model` line of /proc/cpuinfo, when it names a Raspberry Pi (only their kernels print it).
    static func raspberryPiCPUInfoModel(_ facts: HostFacts) -> Fact<String>? {
        guard let model = facts.cpuInfo?.value["Model"], model.hasPrefix("Raspberry Pi") else { return nil }
        return Fact(model, Evidence("/proc/cpuinfo", "Model = \(model)"))
    }

    /// The revision code, only when this is a Raspberry Pi: other boards (Odroid, …) print
    /// arbitrary `Revision` values, so a `Revision` line alone is not enough. `model` is the
    /// device tree's or the cpuinfo `Model` line; the `Hardware` line is the last resort, since
    /// 64-bit Raspberry Pi kernels since 6.6 no longer print it.
    static func raspberryPiRevision(_ facts: HostFacts, model: Fact<String>?) -> Fact<RevisionCode>? {
        guard let cpuInfo = facts.cpuInfo, let code = cpuInfo.value.revisionCode,
              let decoded = RevisionCode(code), decoded.family != nil else { return nil }
        let isPi = facts.deviceTreeCompatible?.value.contains { $0.hasPrefix("raspberrypi,") }
            ?? model.map { $0.value.hasPrefix("Raspberry Pi") }
            ?? ["BCM2708", "BCM2709", "BCM2710", "BCM2711", "BCM2835", "BCM2836", "BCM2837"].contains(cpuInfo.value["Hardware"] ?? "")
        guard isPi else { return nil }
        return Fact(decoded, Evidence("/proc/cpuinfo", "Revision = \(cpuInfo.value["Revision"] ?? "")"))
    }

    static func raspberryPiFamily(compatible: Fact<[String]>?, revision: Fact<RevisionCode>?,
                                  model: Fact<String>?) -> Fact<String>? {
        if let compatible, let first = compatible.value.first, let family = RaspberryPiTables.familyByCompatible[first] {
            return Fact(family, compatible.evidence)
        }
        if let revision, let family = revision.value.family { return Fact(family, revision.evidence) }
        if let model, model.value.hasPrefix("Raspberry Pi ") {
            let rest = model.value.dropFirst("Raspberry Pi ".count) + " "
            if let match = RaspberryPiTables.familyByModelPrefix.first(where: { rest.hasPrefix($0.prefix) }) {
                return Fact(match.family, model.evidence)
            }
        }
        return nil
    }

    static func otherBoard(_ compatible: Fact<[String]>?) -> Fact<String>? {
        guard let compatible, let first = compatible.value.first else { return nil }
        if let name = BoardTables.hardwareByCompatible[first] { return Fact(name, compatible.evidence) }
        for entry in compatible.value { if let name = BoardTables.hardwareBySoC[entry] { return Fact(name, compatible.evidence) } }
        // An unknown board: its own compatible, `vendor,board` → `vendor-board` by sanitising.
        return Fact(first, compatible.evidence)
    }

    /// DMI vendor and product. Self-built desktops leave the system product at a placeholder
    /// ("System Product Name"), but their board fields name the motherboard: use those instead.
    static func dmiProduct(_ dmi: DMIFacts?) -> Fact<String>? {
        guard let dmi else { return nil }
        let fromSystem = dmi.productName != nil
        let vendor = fromSystem ? dmi.sysVendor : dmi.boardVendor ?? dmi.sysVendor
        let product = fromSystem ? dmi.productName : dmi.boardName
        guard vendor != nil || product != nil else { return nil }
        var evidence: [Evidence] = []
        if let vendor { evidence.append(Evidence("/sys/class/dmi/id/\(fromSystem || dmi.boardVendor == nil ? "sys_vendor" : "board_vendor")", vendor)) }
        if let product { evidence.append(Evidence("/sys/class/dmi/id/\(fromSystem ? "product_name" : "board_name")", product)) }
        return Fact([vendor, product].compactMap { $0 }.joined(separator: " "), evidence)
    }

    static func soc(compatible: Fact<[String]>?, revision: Fact<RevisionCode>?) -> Fact<String>? {
        if let compatible, compatible.value.count > 1, let last = compatible.value.last {
            let vendorOf = { (entry: String) in entry.split(separator: ",").first.map(String.init) ?? "" }
            let socVendor = vendorOf(last)
            let chipFirst = BoardTables.chipFirstVendors.contains(socVendor)
                ? compatible.value.dropFirst().first { vendorOf($0) == socVendor } : nil
            if let name = (chipFirst ?? last).split(separator: ",", maxSplits: 1).last { return Fact(String(name), compatible.evidence) }
        }
        if let revision, let soc = revision.value.soc { return Fact(soc, revision.evidence) }
        return nil
    }
}
