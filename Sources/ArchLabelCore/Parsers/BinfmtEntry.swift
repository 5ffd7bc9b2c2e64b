/// A binfmt_misc handler file (/proc/sys/fs/binfmt_misc/NAME): `enabled`/`disabled`, the
/// interpreter, and for magic handlers the magic bytes and mask in hex.
public struct BinfmtEntry: Sendable, Equatable {
    public var enabled: Bool
    public var interpreter: String?
    /// The magic bytes at `offset`, masked; empty for extension handlers.
    public var magic: [UInt8]
    public var offset: Int

    public init(parsing text: String) {
        var enabled = false
        var interpreter: String?
        var magic: [UInt8] = []
        var mask: [UInt8] = []
        var offset = 0
        for (index, line) in KeyValueLines.lines(text).enumerated() {
            if index == 0 { enabled = KeyValueLines.trimmed(line) == "enabled" }
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "interpreter": interpreter = String(parts[1])
            case "offset": offset = Int(parts[1]) ?? 0
            case "magic": magic = BinfmtEntry.hexBytes(parts[1])
            case "mask": mask = BinfmtEntry.hexBytes(parts[1])
            default: break
            }
        }
        if !mask.isEmpty {
            magic = magic.enumerated().map { $0.element & (($0.offset < mask.count) ? mask[$0.offset] : 0xff) }
        }
        self.enabled = enabled
        self.interpreter = interpreter
        self.magic = magic
        self.offset = offset
    }

    /// The architecture whose ELF executables this handler runs, when its magic is an ELF header
    /// that names the class, byte order and machine.
    public var elfArchitecture: Architecture? {
        guard offset == 0 else { return nil }
        return ELFHeader(bytes: magic)?.architecture
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
