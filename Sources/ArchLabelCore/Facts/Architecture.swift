/// A CPU architecture named as Kubernetes and OCI name it (Go's GOARCH): `amd64`, `arm64`, `arm`, …
public struct Architecture: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let amd64 = Architecture(rawValue: "amd64")
    public static let i386 = Architecture(rawValue: "386")
    public static let arm64 = Architecture(rawValue: "arm64")
    public static let arm = Architecture(rawValue: "arm")
    public static let riscv64 = Architecture(rawValue: "riscv64")
    public static let ppc64le = Architecture(rawValue: "ppc64le")
    public static let ppc64 = Architecture(rawValue: "ppc64")
    public static let s390x = Architecture(rawValue: "s390x")
    public static let loong64 = Architecture(rawValue: "loong64")

    /// The architecture of a `uname -m` machine string (`x86_64`, `aarch64`, `armv7l`, …); nil for
    /// machines Kubernetes has no name for.
    public init?(unameMachine machine: String) {
        switch machine {
        case "x86_64", "amd64": self = .amd64
        case "i386", "i486", "i586", "i686": self = .i386
        case "aarch64", "arm64", "aarch64_be": self = .arm64
        case "riscv64": self = .riscv64
        case "ppc64le": self = .ppc64le
        case "ppc64": self = .ppc64
        case "s390x", "s390": self = .s390x
        case "loongarch64": self = .loong64
        case "mips64": self = Architecture(rawValue: "mips64")
        case "mips": self = Architecture(rawValue: "mips")
        default:
            if machine.hasPrefix("arm") { self = .arm } else { return nil }
        }
    }

    /// The architecture of an ELF file from its header fields (`e_machine`, `EI_CLASS`, `EI_DATA`),
    /// as a binfmt_misc magic or a userland binary shows them. Source: the ELF gABI machine numbers
    /// (linux `include/uapi/linux/elf-em.h`). The byte order counts: big-endian Arm (`armeb`,
    /// `aarch64_be`, which qemu-user also emulates) and little-endian s390 are no Go/OCI
    /// architecture, so they are none.
    public init?(elfMachine machine: UInt16, is64Bit: Bool, littleEndian: Bool) {
        switch (machine, is64Bit, littleEndian) {
        case (0x3e, true, true): self = .amd64
        case (0x03, false, true): self = .i386
        case (0xb7, true, true): self = .arm64
        case (0x28, false, true): self = .arm
        case (0xf3, true, true): self = .riscv64
        case (0x15, true, _): self = littleEndian ? .ppc64le : .ppc64
        case (0x16, true, false): self = .s390x
        case (0x102, true, true): self = .loong64
        case (0x08, true, _): self = Architecture(rawValue: littleEndian ? "mips64le" : "mips64")
        case (0x08, false, _): self = Architecture(rawValue: littleEndian ? "mipsle" : "mips")
        default: return nil
        }
    }
}
