/// The identifying fields of an ELF header: class (32/64-bit), byte order and machine. Enough to
/// tell which architecture a userland binary or a binfmt_misc magic is for.
public struct ELFHeader: Sendable, Equatable {
    public var is64Bit: Bool
    public var littleEndian: Bool
    public var machine: UInt16

    /// Reads the first 20 bytes; nil unless they start with `\x7fELF` and a valid class and order.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 20, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46,
              (1...2).contains(bytes[4]), (1...2).contains(bytes[5])
        else { return nil }
        is64Bit = bytes[4] == 2
        littleEndian = bytes[5] == 1
        machine = littleEndian ? UInt16(bytes[18]) | UInt16(bytes[19]) << 8 : UInt16(bytes[18]) << 8 | UInt16(bytes[19])
    }

    public var architecture: Architecture? {
        Architecture(elfMachine: machine, is64Bit: is64Bit, littleEndian: littleEndian)
    }
}
