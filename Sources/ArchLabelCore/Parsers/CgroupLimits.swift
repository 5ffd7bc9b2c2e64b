/// Cgroup files that bound what a container may use.
public enum CgroupLimits {
    /// cgroup v2 `cpu.max` (`QUOTA PERIOD`, or `max PERIOD`): the CPUs the quota allows, rounded
    /// up; nil when unlimited or unreadable.
    public static func cpuQuota(parsing text: String) -> Int? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0 else {
            return nil
        }
        return (quota + period - 1) / period
    }

    /// cgroup v2 `memory.max` or v1 `memory.limit_in_bytes`: bytes, nil when `max`. v1 reports
    /// "unlimited" as a huge page-aligned number, which callers treat like any limit above RAM.
    public static func memoryLimit(parsing text: String) -> UInt64? {
        UInt64(KeyValueLines.trimmed(Substring(text)))
    }

    /// cgroup v1 /proc/cgroups: whether `controller` is listed with enabled = 1.
    public static func v1ControllerEnabled(_ controller: String, parsing text: String) -> Bool? {
        for line in KeyValueLines.lines(text) where !line.hasPrefix("#") {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if fields.count >= 4, fields[0] == controller { return fields[3] == "1" }
        }
        return nil
    }
}
