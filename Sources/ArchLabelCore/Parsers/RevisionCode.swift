/// A Raspberry Pi board revision code (`Revision` in /proc/cpuinfo), new-style bit fields or an
/// old-style table code. Layout and tables: raspberrypi/documentation revision-codes
/// (`NOQuuuWuFMMMCCCCPPPPTTTTTTTTRRRR`), cross-checked with gpiozero and WiringPi.
public struct RevisionCode: Sendable, Equatable {
    /// The raw code as read, e.g. `0xd03114`.
    public var code: UInt32
    /// The board type (new-style `TTTTTTTT`; old-style codes are mapped to their type).
    public var type: UInt8
    /// RAM in MiB.
    public var memoryMiB: Int?
    /// The SoC (new-style `PPPP`; every old-style board is a BCM2835).
    public var processor: UInt8?
    /// The PCB revision as printed on the board, e.g. `1.4`.
    public var boardRevision: String

    public init?(_ code: UInt32) {
        self.code = code
        if (code >> 23) & 1 == 1 {
            type = UInt8((code >> 4) & 0xff)
            let memory = Int((code >> 20) & 0x7)
            memoryMiB = memory <= 6 ? 256 << memory : nil
            processor = UInt8((code >> 12) & 0xf)
            boardRevision = "1.\(code & 0xf)"
        } else {
            // Old-style: the low 16 bits index a table; bit 24 marks an overvolted board.
            guard let old = RaspberryPiTables.oldStyle[code & 0xffff] else { return nil }
            type = old.type
            memoryMiB = old.memoryMiB
            processor = 0
            boardRevision = old.revision
        }
    }

    /// The board family label value (`rpi4`, `rpi-zero2`, …), nil for types with no public name.
    public var family: String? { RaspberryPiTables.familyByType[type] }

    /// The SoC label value (`bcm2711`, …).
    public var soc: String? { processor.flatMap { RaspberryPiTables.socByProcessor[$0] } }
}
