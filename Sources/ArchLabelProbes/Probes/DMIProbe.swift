import ArchLabelCore

/// DMI/SMBIOS identity strings (/sys/class/dmi/id) and the SMBIOS "virtual machine" bit.
enum DMIProbe {
    static let directory = "/sys/class/dmi/id/"

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        let value = { (file: String) -> String? in
            guard let text = context.line(directory + file), !DMIFacts.placeholders.contains(text) else { return nil }
            return text
        }
        var dmi = DMIFacts(sysVendor: value("sys_vendor"), productName: value("product_name"),
                           productVersion: value("product_version"), boardVendor: value("board_vendor"),
                           boardName: value("board_name"), biosVendor: value("bios_vendor"))
        // SMBIOS type 0 (BIOS information), characteristics extension byte 2, bit 4.
        if let raw = context.bytes("/sys/firmware/dmi/entries/0-0/raw", limit: 4096), raw.count > 19, raw[1] > 19 {
            dmi.virtualMachineBit = raw[19] & 0x10 != 0
        }
        if dmi != DMIFacts() { facts.dmi = dmi }
    }
}
