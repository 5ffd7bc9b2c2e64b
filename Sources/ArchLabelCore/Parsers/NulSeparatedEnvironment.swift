/// A process environment block (/proc/PID/environ): NUL-separated `NAME=value` strings.
public enum NulSeparatedEnvironment {
    /// The value of `name`, nil when the variable is not set.
    public static func value(of name: String, parsing bytes: [UInt8]) -> String? {
        let prefix = Array((name + "=").utf8)
        for entry in bytes.split(separator: 0) where entry.starts(with: prefix) {
            return String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
        }
        return nil
    }
}
