import ArchLabelSystemd
import Logging

/// The process's logger, built from `--log-format` and `--log-level` (the global logging system
/// is never bootstrapped; the logger is passed to whoever logs).
enum LoggerFactory {
    static func make(format: LogDestination, level: Logger.Level, environment: [String: String]) -> Logger {
        let destination = format.resolved(environment: environment)
        return Logger(label: "archlabeld") { _ in
            switch destination {
            case .journal: return JournalLogHandler(level: level)
            case .json: return StreamLogHandler(format: .json, level: level)
            case .text, .auto: return StreamLogHandler(format: .text, level: level)
            }
        }
    }
}
