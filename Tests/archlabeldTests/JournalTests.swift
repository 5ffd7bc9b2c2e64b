import Foundation
import Testing
import TestAPIServer
import TestSupport

/// Native journal logging against a real `systemd-journald`, started in a private mount
/// namespace (tmpfs on /run/systemd/journal, /run/log/journal and /var/log/journal, so the
/// host's journal is untouched) and read back with `journalctl --directory=… -o json`.
/// Needs root, as CI has; elsewhere it is skipped.
@Suite struct JournalTests {
    static let journald = "/lib/systemd/systemd-journald"
    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: journald)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    }

    @Test(.enabled(if: available, "needs root, unshare and systemd-journald"))
    func aLabelChangeIsQueryableInTheJournalByItsEvent() async throws {
        let tls = TestAPIServer.TLS(
            certificateChainPath: Fixtures.path("pki/server.pem"), privateKeyPath: Fixtures.path("pki/server.key"),
            clientCAPath: Fixtures.path("pki/ca.pem"))
        try await TestAPIServer.serving(TestAPIServer.Configuration(tls: tls)) { server in
            server.registerNode("pi4")
            let url = server.url
            let entries = try await offload { try Self.runInPrivateJournal(url) }
            let applied = try #require(entries.first { $0["ARCHLABELD_EVENT"] == "labels.applied" }, "\(entries)")
            #expect(applied["MESSAGE"] == "labels applied")
            #expect(applied["PRIORITY"] == "5")
            #expect(applied["SYSLOG_IDENTIFIER"] == "archlabeld")
            #expect(applied["ARCHLABELD_NODE"] == "pi4")
            #expect(applied["_TRANSPORT"] == "journal", "written natively, not through stderr")
            let changes = try #require(applied["ARCHLABELD_CHANGES"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(changes.utf8)) as? [String: [String: Any]])
            #expect((document["added"] as? [String: String])?["archlabeld.io/soc"] == "bcm2711")
            #expect(document["removed"]?.isEmpty == true)
            #expect(entries.compactMap { $0["ARCHLABELD_EVENT"] } == ["labels.applied", "labels.unchanged"])
            let secrets = [Fixtures.text("pki/node-pi4-ec.key"), "PRIVATE KEY"].map { String($0.prefix(60)) }
            #expect(!entries.contains { entry in entry.values.contains { value in secrets.contains { value.contains($0) } } })
        }
    }

    /// Runs `archlabeld --once --log-format journal` twice (a change, then none) beside a private journald and returns the
    /// entries `journalctl --directory=/run/log/journal -o json SYSLOG_IDENTIFIER=archlabeld` shows.
    private static func runInPrivateJournal(_ url: String) throws -> [[String: String]] {
        let directory = Fixtures.temporaryDirectory("archlabeld-journal")
        defer { Fixtures.remove(directory) }
        func data(_ file: String) -> String { Data(Fixtures.text("pki/\(file)").utf8).base64EncodedString() }
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        try Data("""
            clusters: [{name: c, cluster: {server: "\(url)", certificate-authority-data: \(data("ca.pem"))}}]
            users: [{name: u, user: {client-certificate-data: \(data("node-pi4-ec.pem")), client-key-data: \(data("node-pi4-ec.key"))}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x

            """.utf8).write(to: kubeconfig)
        let output = directory.appendingPathComponent("entries.json")
        let script = """
            set -eu
            for d in /run/systemd/journal /run/log/journal /var/log/journal; do mkdir -p "$d"; mount -t tmpfs tmpfs "$d"; done
            \(journald) & journald=$!
            for i in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
            for run in first second; do
              '\(CommandLineTests.binary)' --once --log-format journal --kubeconfig '\(kubeconfig.path)' --node-name pi4 \
                --root '\(Fixtures.path("hosts/rpi4-raspios-arm64/root"))' > /dev/null
            done
            sleep 0.3
            journalctl --directory=/run/log/journal -o json SYSLOG_IDENTIFIER=archlabeld > '\(output.path)'
            kill $journald
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--mount", "/bin/sh", "-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOf: output, encoding: .utf8)
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
    }
}
