#if canImport(Glibc)
import Glibc
#endif

/// `seconds` since the epoch as `2006-01-02T15:04:05Z`.
func utcTimestamp(_ seconds: time_t) -> String {
    var time = seconds
    var parts = tm()
    guard gmtime_r(&time, &parts) != nil else { return "\(seconds) s after the epoch" }
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}
