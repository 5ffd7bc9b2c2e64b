/// Splits `key <sep> value` lines as /proc and /etc files write them, trimming blanks and tabs
/// around both sides. Lines without the separator yield nil.
enum KeyValueLines {
    static func split(_ line: Substring, separator: Character) -> (key: Substring, value: Substring)? {
        guard let index = line.firstIndex(of: separator) else { return nil }
        return (trimmed(line[..<index]), trimmed(line[line.index(after: index)...]))
    }

    static func trimmed(_ text: Substring) -> Substring {
        var start = text.startIndex
        var end = text.endIndex
        while start < end, isBlank(text[start]) { start = text.index(after: start) }
        while end > start, isBlank(text[text.index(before: end)]) { end = text.index(before: end) }
        return text[start..<end]
    }

    static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r" || character == "\0"
    }

    /// Lines of a text, without their terminators.
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }
}
