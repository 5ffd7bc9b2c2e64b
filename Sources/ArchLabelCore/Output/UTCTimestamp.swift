#if canImport(Glibc)
import Glibc
#endif

/// `seconds` since the epoch as `2006-01-02T15:04:05Z`, or with `milliseconds` as
/// `2006-01-02T15:04:05.123Z` (certificate dates in error messages, log line times).
public func utcTimestamp(_ seconds: Int64, milliseconds: Int? = nil) -> String {
    var instant = time_t(seconds)
    var parts = tm()
    guard gmtime_r(&instant, &parts) != nil else { return "\(seconds) s after the epoch" }
    func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let date = "\(parts.tm_year + 1900)-\(pad(Int(parts.tm_mon) + 1))-\(pad(Int(parts.tm_mday)))"
    let clock = "\(pad(Int(parts.tm_hour))):\(pad(Int(parts.tm_min))):\(pad(Int(parts.tm_sec)))"
    return "\(date)T\(clock)" + (milliseconds.map { ".\(pad($0, 3))" } ?? "") + "Z"
}
