/// Durations as the configuration writes them: `30s`, `10m`, `1h`, `1h30m` (Go's units s, m, h).
enum DurationText {
    /// The shortest and longest re-probe periods accepted.
    static let range: ClosedRange<Duration> = .seconds(10) ... .seconds(24 * 3600)

    /// The duration `text` names, or nil when it is not one.
    static func parse(_ text: String) -> Duration? {
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, carry) = shifted.addingReportingOverflow(Int64(digit))
                guard !overflow, !carry else { return nil }
                number = next
                continue
            }
            let factor: Int64
            switch character {
            case "s": factor = 1
            case "m": factor = 60
            case "h": factor = 3600
            default: return nil
            }
            guard let value = number else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: factor)
            let (sum, carry) = total.addingReportingOverflow(scaled)
            guard !overflow, !carry else { return nil }
            total = sum
            number = nil
            sawUnit = true
        }
        guard sawUnit, number == nil else { return nil }
        return .seconds(total)
    }
}
