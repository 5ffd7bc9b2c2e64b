/// One line of /proc/PID/mountinfo (proc(5)): the fields archlabeld needs to find the device
/// behind a mount point.
public struct MountInfoEntry: Sendable, Equatable {
    public var major: Int
    public var minor: Int
    public var mountPoint: String
    public var fileSystemType: String
    public var source: String

    /// The last entry mounted on `mountPoint` (later mounts stack over earlier ones).
    public static func entry(mountedOn mountPoint: String, parsing text: String) -> MountInfoEntry? {
        var found: MountInfoEntry?
        for line in KeyValueLines.lines(text) {
            if let entry = MountInfoEntry(parsing: line), entry.mountPoint == mountPoint { found = entry }
        }
        return found
    }

    /// Parses `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
    public init?(parsing line: Substring) {
        let fields = line.utf8.split(separator: 0x20).map { Substring($0) }
        guard fields.count >= 10, let dash = fields.firstIndex(where: { $0 == "-" }), dash >= 6, dash + 2 < fields.count else {
            return nil
        }
        let device = fields[2].utf8.split(separator: 0x3a).map { Substring($0) }
        guard device.count == 2, let major = Int(device[0]), let minor = Int(device[1]) else { return nil }
        self.major = major
        self.minor = minor
        self.mountPoint = MountInfoEntry.unescape(fields[4])
        self.fileSystemType = String(fields[dash + 1])
        self.source = MountInfoEntry.unescape(fields[dash + 2])
    }

    /// mountinfo escapes space, tab, newline and backslash as three-digit octal (`\040`).
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
               let value = UInt8(String(decoding: utf8[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
