import ArchLabelCore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Writes entries to stderr, one line each: as JSON objects with the journal's field names
/// (`--log-format json`), or as text for people (`--log-format text`).
public struct StreamLogHandler: LogHandler {
    /// The line format.
    public enum Format: Sendable {
        /// `{"ARCHLABELD_EVENT":…,"MESSAGE":…,"PRIORITY":"6","SYSLOG_IDENTIFIER":"archlabeld","TIME":…}`.
        case json
        /// `2026-11-29T17:10:00Z info: labels applied (event=labels.applied, node=pi4)`.
        case text
    }

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let format: Format
    private let descriptor: Int32

    /// A handler writing `format` lines at `level` and above to `descriptor` (stderr by default).
    public init(format: Format, level: Logger.Level, descriptor: Int32 = 2) {
        self.format = format
        self.logLevel = level
        self.descriptor = descriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let record = LogRecord(event, handlerMetadata: metadata, provider: metadataProvider)
        var line = StreamLogHandler.line(record, level: event.level, format: format, time: currentTime()) + "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }

    /// The line for `record`, without the newline.
    static func line(_ record: LogRecord, level: Logger.Level, format: Format, time: String) -> String {
        switch format {
        case .json:
            var members = Dictionary(record.fields.map { ($0.name, JSONValue.string($0.value)) }) { $1 }
            members["TIME"] = .string(time)
            return JSONValue.object(members).serialized(indent: 0)
        case .text:
            let data = record.fields.dropFirst(3).map { field in
                field.name.dropFirst("ARCHLABELD_".count).lowercased() + "=" + field.value
            }
            return "\(time) \(level): \(record["MESSAGE"] ?? "")" + (data.isEmpty ? "" : " (\(data.joined(separator: ", ")))")
        }
    }

    private func currentTime() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return utcTimestamp(Int64(now.tv_sec), milliseconds: now.tv_nsec / 1_000_000)
    }
}
