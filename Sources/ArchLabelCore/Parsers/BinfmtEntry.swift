/// A binfmt_misc handler file (/proc/sys/fs/binfmt_misc/NAME) as the kernel prints it:
/// `enabled` or `disabled`, `interpreter`, `flags:` (P, O, C, F), then either `offset`, `magic`
/// and `mask` in lowercase hex (magic handlers) or `extension` (extension handlers).
///
/// The kernel prints the magic as it was registered, not masked. The mask says which bits must
/// match: qemu's and Debian's x86 handlers clear low bits of `EI_DATA` and `EI_VERSION`
/// (`fffffffffffefefc…`), box64's and FEX's clear the ABI bytes. So the ELF fields are read from
/// the magic itself, and the mask only decides whether those fields are really matched.
public struct BinfmtEntry: Sendable, Equatable {
    public var enabled: Bool
    public var interpreter: String?
    /// The flag letters as printed (`PF`, `POCF`, empty).
    public var flags: String
    /// The magic bytes at `offset`, as registered; empty for extension handlers.
    public var magic: [UInt8]
    /// Which bits of `magic` must match; empty when every bit must (no mask registered).
    public var mask: [UInt8]
    public var offset: Int
    /// The file-name extension of an extension handler (`.exe`, `.jar`).
    public var fileExtension: String?

    public init(parsing text: String) {
        enabled = false
        flags = ""
        magic = []
        mask = []
        offset = 0
        for (index, rawLine) in KeyValueLines.lines(text).enumerated() {
            let line = KeyValueLines.trimmed(rawLine)
            if index == 0 { enabled = line == "enabled" }
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == ":" }) else { continue }
            let value = KeyValueLines.trimmed(line[line.index(after: space)...])
            switch line[..<space] {
            case "interpreter": interpreter = value.isEmpty ? nil : String(value)
            case "flags": flags = String(value)
            case "offset": offset = Int(value) ?? 0
            case "magic": magic = BinfmtEntry.hexBytes(value)
            case "mask": mask = BinfmtEntry.hexBytes(value)
            case "extension": fileExtension = String(value)
            default: break
            }
        }
    }

    /// The architecture whose ELF executables this handler runs: the magic is an ELF header at
    /// offset 0 naming class, byte order and machine, and the mask keeps what tells them apart
    /// (the `\x7fELF` bytes and the class whole, the bits that distinguish little- from
    /// big-endian, and the machine's low byte and any non-zero byte of it — Debian's ppc64le
    /// handler leaves the high byte of `0x0015` free). A handler matching any machine or any
    /// class is none, and so is qemu's MIPS n32 handler: it runs only binaries whose `e_flags`
    /// carry `EF_MIPS_ABI2` (0x20), the n32 ABI, not the o32 binaries of `mips`/`mipsle`.
    public var elfArchitecture: Architecture? {
        guard offset == 0, let header = ELFHeader(bytes: magic) else { return nil }
        let (lowMachineByte, highMachineByte) = header.littleEndian ? (18, 19) : (19, 18)
        var wholeBytes = [0, 1, 2, 3, 4, lowMachineByte]
        if magic[highMachineByte] != 0 { wholeBytes.append(highMachineByte) }
        guard wholeBytes.allSatisfy({ maskByte($0) == 0xff }), (1 & maskByte(5)) != (2 & maskByte(5)) else { return nil }
        // e_flags: bytes 36-39 of an ELF32 header, in the file's byte order.
        let lowFlagsByte = header.littleEndian ? 36 : 39
        if header.machine == 0x08, !header.is64Bit, magic.count > lowFlagsByte,
           magic[lowFlagsByte] & maskByte(lowFlagsByte) & 0x20 != 0 {
            return nil
        }
        return header.architecture
    }

    private func maskByte(_ index: Int) -> UInt8 {
        mask.isEmpty ? 0xff : (index < mask.count ? mask[index] : 0)
    }

    static func hexBytes(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in text {
            guard let nibble = character.hexDigitValue.map(UInt8.init) else { continue }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
