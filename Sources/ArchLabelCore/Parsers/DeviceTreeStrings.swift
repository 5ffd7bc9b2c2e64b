/// Device-tree string properties: `model` is one NUL-terminated string, `compatible` a list of
/// NUL-separated strings (most specific first).
public enum DeviceTreeStrings {
    /// The strings of a property, without empty entries.
    public static func list(parsing bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first string of a property (a `model`), trimmed of surrounding blanks; nil when empty.
    public static func single(parsing bytes: [UInt8]) -> String? {
        guard let first = list(parsing: bytes).first else { return nil }
        let trimmed = KeyValueLines.trimmed(Substring(first))
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
