import ArchLabelSystemd
import Foundation
import Logging
import Testing

/// `--log-format auto`: the journal only when `$JOURNAL_STREAM` names the very file stderr is
/// open on; the log record's fields, as every format writes them.
@Suite struct LogDestinationTests {
    private static var stderrIdentity: String {
        var status = stat()
        fstat(2, &status)
        return "\(status.st_dev):\(status.st_ino)"
    }

    @Test func autoPicksTheJournalWhenStderrIsTheJournalStream() {
        #expect(LogDestination.auto.resolved(environment: ["JOURNAL_STREAM": Self.stderrIdentity]) == .journal)
    }

    @Test(arguments: [nil, "", "garbage", "1:2:3", "0:0"] as [String?])
    func autoPicksTextOtherwise(journalStream: String?) {
        let environment = journalStream.map { ["JOURNAL_STREAM": $0] } ?? [:]
        #expect(LogDestination.auto.resolved(environment: environment) == .text)
    }

    @Test func anInheritedVariableWithStderrRedirectedIsNotTheJournal() {
        let parts = Self.stderrIdentity.split(separator: ":")
        let otherInode = "\(parts[0]):\((UInt64(parts[1]) ?? 0) + 1)"
        #expect(LogDestination.auto.resolved(environment: ["JOURNAL_STREAM": otherInode]) == .text)
    }

    @Test(arguments: [LogDestination.journal, .json, .text])
    func explicitFormatsStay(format: LogDestination) {
        #expect(format.resolved(environment: ["JOURNAL_STREAM": Self.stderrIdentity]) == format)
    }

    @Test func recordFieldsAreJournalFieldNames() {
        let record = LogRecord(
            level: .warning, message: "API request failed; retrying",
            metadata: ["event": "api.error", "node": "pi4", "http-status": "503", "changes": ["a": "1"]])
        #expect(record.fields.map(\.name) == [
            "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "ARCHLABELD_CHANGES", "ARCHLABELD_EVENT", "ARCHLABELD_HTTP_STATUS", "ARCHLABELD_NODE",
        ])
        #expect(record["PRIORITY"] == "4")
        #expect(record["ARCHLABELD_CHANGES"] == #"{"a":"1"}"#)
    }
}
