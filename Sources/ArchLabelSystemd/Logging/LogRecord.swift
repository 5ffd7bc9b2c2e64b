import ArchLabelCore
import Logging

/// One log entry as journal fields, shared by every output format so that they carry the same
/// data: `MESSAGE`, `PRIORITY` (syslog severity), `SYSLOG_IDENTIFIER=archlabeld`, and one
/// `ARCHLABELD_<KEY>` field per metadata key (`event` → `ARCHLABELD_EVENT`, `node` →
/// `ARCHLABELD_NODE`, `changes` → `ARCHLABELD_CHANGES`). Messages are constant text; data goes in
/// metadata.
public struct LogRecord: Sendable {
    /// The syslog identifier of every entry.
    public static let identifier = "archlabeld"

    /// The fields in order: the three standard ones, then the metadata fields sorted by name.
    public let fields: [(name: String, value: String)]

    /// Builds the record of one log call.
    public init(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", message.description),
            ("PRIORITY", String(LogRecord.priority(level))),
            ("SYSLOG_IDENTIFIER", LogRecord.identifier),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append((LogRecord.fieldName(key), LogRecord.render(value)))
        }
        self.fields = fields
    }

    /// The record of `event` as a handler with `metadata` and `provider` sees it: the call's own
    /// metadata wins over the provider's, which wins over the handler's.
    init(_ event: LogEvent, handlerMetadata metadata: Logger.Metadata, provider: Logger.MetadataProvider?) {
        let merged = metadata.merging(provider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        self.init(level: event.level, message: event.message, metadata: merged)
    }

    /// The value of field `name`, if present.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// syslog severity: debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// `ARCHLABELD_` + the key upper-cased, with anything but letters and digits as `_`
    /// (journal field names allow only `A-Z`, `0-9` and `_`).
    static func fieldName(_ key: String) -> String {
        "ARCHLABELD_" + String(key.uppercased().unicodeScalars.map { scalar -> Character in
            (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") ? Character(scalar) : "_"
        })
    }

    /// Metadata as text: strings as they are, lists and dictionaries as JSON.
    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array, .dictionary: return json(value).serialized(indent: 0)
        }
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let members): return .object(members.mapValues(json))
        }
    }
}
