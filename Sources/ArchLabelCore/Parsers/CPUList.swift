/// A kernel CPU list such as `0-3,5,7-8` (sysfs `online`, cgroup `cpuset.cpus.effective`).
public enum CPUList {
    /// The number of CPUs in the list; nil when the text is not a CPU list.
    public static func count(parsing text: String) -> Int? {
        let body = KeyValueLines.trimmed(Substring(text))
        guard !body.isEmpty else { return nil }
        var total = 0
        for item in body.split(separator: ",") {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), low >= 0 else { return nil }
            let high = bounds.count == 2 ? Int(bounds[1]) : low
            guard let high, high >= low, high - low < 1 << 20 else { return nil }
            total += high - low + 1
        }
        return total
    }
}
