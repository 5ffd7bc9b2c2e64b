/// An os-release(5) file: `KEY=value` lines, values optionally quoted with `"` or `'` and using
/// shell-style backslash escapes inside double quotes.
public struct OSRelease: Sendable, Equatable {
    public var fields: [String: String]

    public init(parsing text: String) {
        var fields: [String: String] = [:]
        for line in KeyValueLines.lines(text) {
            let trimmed = KeyValueLines.trimmed(line)
            guard !trimmed.hasPrefix("#"), let (key, value) = KeyValueLines.split(trimmed, separator: "="),
                  !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else { continue }
            fields[String(key)] = OSRelease.unquote(value)
        }
        self.fields = fields
    }

    /// `ID`, e.g. `debian`.
    public var id: String? { fields["ID"].flatMap { $0.isEmpty ? nil : $0 } }
    /// `VERSION_ID`, e.g. `12`, `22.04`.
    public var versionID: String? { fields["VERSION_ID"].flatMap { $0.isEmpty ? nil : $0 } }

    static func unquote(_ value: Substring) -> String {
        guard let quote = value.first, quote == "\"" || quote == "'" else { return String(value) }
        var body = value.dropFirst()
        if body.last == quote { body = body.dropLast() }
        guard quote == "\"" else { return String(body) }
        var out = ""
        var escaping = false
        for character in body {
            if escaping {
                out.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
