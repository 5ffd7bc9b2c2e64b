/// The `MemTotal` line of /proc/meminfo (kB, which the kernel means as KiB).
public enum MemInfo {
    public static func memTotalKiB(parsing text: String) -> UInt64? {
        for line in KeyValueLines.lines(text) where line.hasPrefix("MemTotal:") {
            guard let (_, value) = KeyValueLines.split(line, separator: ":") else { return nil }
            let digits = value.prefix { $0.isNumber }
            return UInt64(digits)
        }
        return nil
    }
}
