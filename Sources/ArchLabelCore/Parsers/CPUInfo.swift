/// The parts of `/proc/cpuinfo` that labels need, from every shape the kernel prints: x86
/// (`vendor_id`, `flags`), arm and arm64 (`CPU implementer`, `CPU part`, `Features`, with or
/// without `Hardware`, `Revision`, `model name`), POWER, s390, RISC-V, LoongArch, SPARC.
public struct CPUInfo: Sendable, Equatable {
    /// One `CPU implementer`/`CPU part` pair per processor block, in the order printed.
    public struct ArmCore: Sendable, Equatable {
        public var implementer: UInt32
        public var part: UInt32
    }

    /// The number of processors listed (`processor` lines; s390's `processor N:` lines; SPARC's
    /// `ncpus active`).
    public var processorCount: Int
    /// The first value of every key, as printed (`vendor_id`, `model name`, `Hardware`, …).
    public var firstValues: [String: String]
    /// Arm cores in processor order.
    public var armCores: [ArmCore]
    /// x86 `flags` or arm `Features`, as a set.
    public var flags: Set<String>

    public init(parsing text: String) {
        var firstValues: [String: String] = [:]
        var armCores: [ArmCore] = []
        var processorCount = 0
        var pendingImplementer: UInt32?
        var ncpusActive: Int?
        for line in KeyValueLines.lines(text) {
            guard let (key, value) = KeyValueLines.split(line, separator: ":"), !key.isEmpty else { continue }
            let name = String(key)
            if name == "processor" || CPUInfo.isS390ProcessorKey(name) { processorCount += 1 }
            if firstValues[name] == nil { firstValues[name] = String(value) }
            switch name {
            case "CPU implementer":
                pendingImplementer = CPUInfo.hexNumber(value)
            case "CPU part":
                if let part = CPUInfo.hexNumber(value), let implementer = pendingImplementer {
                    armCores.append(ArmCore(implementer: implementer, part: part))
                }
            case "ncpus active":
                ncpusActive = Int(value)
            default:
                break
            }
        }
        self.processorCount = processorCount > 0 ? processorCount : (ncpusActive ?? 0)
        self.firstValues = firstValues
        self.armCores = armCores
        let flagText = firstValues["flags"] ?? firstValues["Features"] ?? ""
        self.flags = Set(flagText.utf8.split(separator: 0x20).map { String(Substring($0)) })
    }

    /// A value by key, nil when absent or empty.
    public subscript(key: String) -> String? {
        guard let value = firstValues[key], !value.isEmpty else { return nil }
        return value
    }

    /// `CPU architecture` as containerd reads it (the key is matched case-insensitively).
    public var cpuArchitecture: String? {
        self["CPU architecture"] ?? firstValues.first { $0.key.lowercased() == "cpu architecture" }?.value
    }

    /// The x86 `hypervisor` flag (CPUID leaf 1 ECX bit 31 as the kernel shows it).
    public var hasHypervisorFlag: Bool { flags.contains("hypervisor") }

    /// The Raspberry Pi style `Revision` line as a number, when it is hexadecimal.
    public var revisionCode: UInt32? {
        guard let text = self["Revision"] else { return nil }
        return UInt32(text, radix: 16)
    }

    static func isS390ProcessorKey(_ key: String) -> Bool {
        guard key.hasPrefix("processor ") else { return false }
        return key.dropFirst("processor ".count).allSatisfy(\.isNumber)
    }

    static func hexNumber(_ text: Substring) -> UInt32? {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : text
        return UInt32(digits, radix: 16)
    }
}
