/// Splits `key <sep> value` lines as /proc and /etc files write them, trimming blanks and tabs
/// around both sides. Works on UTF-8 bytes (these files are ASCII in their syntax), which keeps
/// parsing a many-CPU /proc/cpuinfo cheap. Lines without the separator yield nil.
enum KeyValueLines {
    static func split(_ line: Substring, separator: Character) -> (key: Substring, value: Substring)? {
        guard let ascii = separator.asciiValue, let index = line.utf8.firstIndex(of: ascii) else { return nil }
        return (trimmed(line[..<index]), trimmed(line[line.utf8.index(after: index)...]))
    }

    static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return text[start..<end]
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x00
    }

    /// Lines of a text, without their terminators.
    static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0a, omittingEmptySubsequences: false).map { Substring($0) }
    }
}

/// The first line of a sysfs or procfs attribute file, trimmed of blanks; nil when blank.
public func firstLine(of text: String) -> String? {
    let line = text.utf8.split(separator: 0x0a, maxSplits: 1, omittingEmptySubsequences: false).first.map { Substring($0) } ?? ""
    let trimmed = KeyValueLines.trimmed(line)
    return trimmed.isEmpty ? nil : String(trimmed)
}
