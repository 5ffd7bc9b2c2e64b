import CSystemd
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Writes entries to the systemd journal natively (`sd_journal_sendv`), one structured field
/// per `LogRecord` field, so that `journalctl -u archlabeld -o json` can be queried by
/// `ARCHLABELD_EVENT`, `ARCHLABELD_NODE` and `ARCHLABELD_CHANGES`.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    /// A handler that logs at `level` and above.
    public init(level: Logger.Level) { self.logLevel = level }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let record = LogRecord(event, handlerMetadata: metadata, provider: metadataProvider)
        var assignments = record.fields.map { Array("\($0.name)=\($0.value)".utf8) }
        assignments.withUnsafeMutableBufferPointer { buffers in
            var vectors = buffers.map { bytes in iovec(iov_base: nil, iov_len: bytes.count) }
            withPointers(buffers, into: &vectors, index: 0)
        }
    }
}

/// Fills `vectors` with pointers into `buffers` and sends them while every pointer is valid.
private func withPointers(_ buffers: UnsafeMutableBufferPointer<[UInt8]>, into vectors: inout [iovec], index: Int) {
    guard index < buffers.count else {
        _ = sd_journal_sendv(vectors, Int32(vectors.count))
        return
    }
    buffers[index].withUnsafeMutableBytes { raw in
        vectors[index].iov_base = raw.baseAddress
        withPointers(buffers, into: &vectors, index: index + 1)
    }
}
