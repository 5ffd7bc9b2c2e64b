import Foundation
import Testing
import TestAPIServer
import TestSupport

/// The daemon as systemd runs it: the built binary with a real datagram socket as
/// `$NOTIFY_SOCKET`, `$WATCHDOG_USEC`, signals, and JSON log lines on stderr.
@Suite struct DaemonCommandTests {
    /// The binary running as a daemon against `url`, with its stderr in a file.
    final class RunningDaemon: @unchecked Sendable {
        let process = Process()
        let stderrFile: URL
        let notify: NotifySocket

        /// The kubeconfig `user` of node pi4's kubelet (its client certificate).
        static let nodeUser: String = {
            func data(_ file: String) -> String { Data(Fixtures.text("pki/\(file)").utf8).base64EncodedString() }
            return "{client-certificate-data: \(data("node-pi4-ec.pem")), client-key-data: \(data("node-pi4-ec.key"))}"
        }()

        /// Starts the binary with a kubeconfig for `url` and `user`, `--log-format json` and, unless
        /// nil, `--node-name nodeName --root root`, then `arguments`. With `uid`, it runs as that
        /// user and group with no capabilities (setpriv), from a copy of the binary that user can
        /// reach.
        init(
            url: String, environment: [String: String] = [:], arguments: [String] = [],
            root: String? = Fixtures.path("hosts/rpi4-raspios-arm64/root"), nodeName: String? = "pi4",
            user: String = RunningDaemon.nodeUser, uid: UInt32? = nil
        ) throws {
            notify = try NotifySocket()
            let directory = Fixtures.temporaryDirectory("archlabeld-daemon")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            stderrFile = directory.appendingPathComponent("stderr")
            let kubeconfig = directory.appendingPathComponent("kubeconfig")
            let caData = Data(Fixtures.text("pki/ca.pem").utf8).base64EncodedString()
            try Data("""
                clusters:
                - {name: c, cluster: {server: "\(url)", certificate-authority-data: \(caData)}}
                users:
                - {name: u, user: \(user)}
                contexts:
                - {name: x, context: {cluster: c, user: u}}
                current-context: x

                """.utf8).write(to: kubeconfig)
            _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            var arguments = ["--kubeconfig", kubeconfig.path, "--log-format", "json"]
                + (nodeName.map { ["--node-name", $0] } ?? []) + (root.map { ["--root", $0] } ?? []) + arguments
            if let uid {
                let copy = directory.appendingPathComponent("archlabeld")
                try FileManager.default.copyItem(atPath: CommandLineTests.binary, toPath: copy.path)
                process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--no-new-privs",
                             "--inh-caps=-all", "--bounding-set=-all", copy.path] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
            }
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            env["NOTIFY_SOCKET"] = notify.path
            env["KUBECONFIG"] = nil
            env["NODE_NAME"] = nil
            env.merge(environment) { $1 }
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: stderrFile)
            try process.run()
        }

        /// The JSON log lines written so far.
        var logLines: [[String: String]] {
            let text = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
            }
        }

        /// Waits for the process to exit by itself; nil when it does not within `timeout`.
        func exitStatus(within timeout: Duration) -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
            return process.isRunning ? nil : process.terminationStatus
        }

        /// Sends `signal` and waits for the exit status (nil when it does not exit within `timeout`).
        func stop(with signal: Int32 = SIGTERM, timeout: Duration = .seconds(5)) -> Int32? {
            kill(process.processIdentifier, signal)
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
            return process.isRunning ? nil : process.terminationStatus
        }

        deinit {
            if process.isRunning { process.terminate() }
            Fixtures.remove(stderrFile.deletingLastPathComponent())
        }
    }

    static func withServer(port: Int = 0, _ body: (TestAPIServer) async throws -> Void) async throws {
        let tls = TestAPIServer.TLS(
            certificateChainPath: Fixtures.path("pki/server.pem"), privateKeyPath: Fixtures.path("pki/server.key"),
            clientCAPath: Fixtures.path("pki/ca.pem"))
        try await TestAPIServer.serving(TestAPIServer.Configuration(tls: tls, port: port)) { server in
            server.registerNode("pi4")
            try await body(server)
        }
    }

    @Test func readyAfterTheFirstCycleThenWatchdogReloadAndACleanStop() async throws {
        try await Self.withServer { server in try await offload { try Self.lifecycle(server) } }
    }

    private static func lifecycle(_ server: TestAPIServer) throws {
        // A function of its own, not a closure: Swift 6.3's region analysis crashes on this body
        // inside the async closure.
        do {
            let daemon = try RunningDaemon(url: server.url, environment: ["WATCHDOG_USEC": "400000"])
            let startup = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8))
            #expect(startup.last?.contains("READY=1") == true, "\(startup)")
            #expect(startup.contains { $0.contains("STATUS=labels applied: ") }, "\(startup)")
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4")

            // Half of WATCHDOG_USEC: a WATCHDOG=1 about every 200 ms from the live loop.
            let started = ContinuousClock.now
            let ticks = daemon.notify.receive(until: { _ in ContinuousClock.now - started > .milliseconds(1100) }, timeout: .seconds(2))
                .filter { $0 == "WATCHDOG=1" }
            #expect((4...7).contains(ticks.count), "\(ticks.count) watchdog pings in 1.1 s")

            kill(daemon.process.processIdentifier, SIGHUP)
            let reload = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(3)).filter { $0 != "WATCHDOG=1" }
            #expect(reload.first?.hasPrefix("RELOADING=1") == true, "\(reload)")
            #expect(reload.last?.contains("READY=1") == true, "\(reload)")

            let status = daemon.stop(with: SIGTERM)
            #expect(status == 0)
            let stopping = daemon.notify.receive(until: { $0.contains("STOPPING=1") }, timeout: .seconds(1))
            #expect(stopping.contains { $0.hasPrefix("STOPPING=1") }, "\(stopping)")

            let events = daemon.logLines.compactMap { $0["ARCHLABELD_EVENT"] }
            #expect(events.contains("labels.applied") && events.contains("config.reloaded") && events.contains("daemon.stopping"), "\(events)")
            let applied = try #require(daemon.logLines.first { $0["ARCHLABELD_EVENT"] == "labels.applied" })
            #expect(applied["ARCHLABELD_NODE"] == "pi4" && applied["SYSLOG_IDENTIFIER"] == "archlabeld" && applied["PRIORITY"] == "5")
            let changes = try #require(applied["ARCHLABELD_CHANGES"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(changes.utf8)) as? [String: [String: Any]])
            #expect((document["added"] as? [String: String])?["archlabeld.io/hardware"] == "rpi4")
        }
    }

    @Test func sighupReloadsAValidConfigurationAndKeepsTheOldOneWhenTheNewIsInvalid() async throws {
        try await Self.withServer { server in
            let directory = Fixtures.temporaryDirectory("archlabeld-config")
            defer { Fixtures.remove(directory) }
            let config = directory.appendingPathComponent("config.yaml")
            try Data("labels: {site: garage}\n".utf8).write(to: config)
            let daemon = try RunningDaemon(url: server.url, arguments: ["--config", config.path])
            try await offload {
                let startup = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8))
                #expect(startup.last?.contains("READY=1") == true, "\(startup)")
                #expect(server.node("pi4")?.labels["archlabeld.io/site"] == "garage")

                try Data("labels: {site: attic, rack: \"7\"}\n".utf8).write(to: config)
                kill(daemon.process.processIdentifier, SIGHUP)
                _ = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(3))
                let applied = server.node("pi4")?.labels
                #expect(applied?["archlabeld.io/site"] == "attic" && applied?["archlabeld.io/rack"] == "7", "\(String(describing: applied))")

                try Data("labels: {site: [not, a, value]}\n".utf8).write(to: config)
                kill(daemon.process.processIdentifier, SIGHUP)
                _ = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(3))
                let kept = server.node("pi4")?.labels
                #expect(kept?["archlabeld.io/site"] == "attic" && kept?["archlabeld.io/rack"] == "7", "the old configuration stays in force")
                #expect(daemon.stop() == 0)
            }
            let invalid = try #require(daemon.logLines.first { $0["ARCHLABELD_EVENT"] == "config.invalid" })
            #expect(invalid["ARCHLABELD_ERROR"] == "\(config.path):1:16: labels.site: expected a string, found a list")
            #expect(daemon.logLines.filter { $0["ARCHLABELD_EVENT"] == "config.reloaded" }.count == 1)
        }
    }

    /// Under `--root` uevents are not used: the device directories are read every
    /// `devices.rescanInterval`, which the log and every healthy `STATUS=` line say.
    @Test func underARootDevicesAreRescannedAndTheStatusSaysSo() async throws {
        try await Self.withServer { server in
            let tree = try ConfigurationCommandTests.host(config: "devices: {rescanInterval: 1s}\n")
            let daemon = try RunningDaemon(url: server.url, root: tree.path)
            try await offload {
                let startup = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8))
                #expect(startup.contains { $0.contains("STATUS=labels applied: ") && $0.hasSuffix("; devices: rescan every 1s") }, "\(startup)")
                let watch = try #require(daemon.logLines.first { $0["ARCHLABELD_EVENT"] == "devices.watch" })
                #expect(watch["ARCHLABELD_MODE"] == "rescan" && watch["ARCHLABELD_INTERVAL"] == "1s")
                #expect(watch["ARCHLABELD_REASON"]?.contains("not this machine's running system") == true, "\(watch)")
            }
            tree.usbDevice("/sys/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb2/2-1",
                           id: "1a6e:089a", deviceClass: "00", interfaces: ["fe"])
            try await offload {
                let deadline = ContinuousClock.now + .seconds(5)
                while server.node("pi4")?.labels["archlabeld.io/accelerator.coral"] == nil, ContinuousClock.now < deadline { usleep(50_000) }
                #expect(server.node("pi4")?.labels["archlabeld.io/accelerator.coral"] == "true")
                #expect(server.node("pi4")?.labels["archlabeld.io/usb-fe_1a6e_089a.present"] == "true")
                #expect(daemon.stop() == 0)
                let changed = try #require(daemon.logLines.first { $0["ARCHLABELD_EVENT"] == "devices.changed" })
                #expect(changed["ARCHLABELD_ADDED"] == "usb 2-1 1a6e:089a", "\(changed)")
                #expect(changed["ARCHLABELD_REMOVED"] == "" && changed["ARCHLABELD_CHANGED"] == "")
            }
            withExtendedLifetime(tree) {}
        }
    }

    /// A root that is this machine seen from elsewhere (the same kernel boot id, as the
    /// DaemonSet's /host is) follows uevents and keeps rescanning in case they do not arrive.
    @Test func aRootWithThisBootsIDFollowsUeventsAndRescans() async throws {
        try await Self.withServer { server in
            let tree = try ConfigurationCommandTests.host(config: "devices: {rescanInterval: 1s}\n")
            tree.file("proc/sys/kernel/random/boot_id", try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))
            let daemon = try RunningDaemon(url: server.url, root: tree.path)
            try await offload {
                let startup = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8))
                #expect(startup.contains { $0.hasSuffix("; devices: uevents, rescan every 1s") }, "\(startup)")
                let watch = try #require(daemon.logLines.first { $0["ARCHLABELD_EVENT"] == "devices.watch" })
                #expect(watch["ARCHLABELD_MODE"] == "uevents+rescan", "\(watch)")
                #expect(daemon.stop() == 0)
            }
            withExtendedLifetime(tree) {}
        }
    }

    @Test func aDropInFileWrittenLaterIsPickedUpWithoutARestart() async throws {
        try await Self.withServer { server in
            let tree = try ConfigurationCommandTests.host(config: "interval: 10s\n")
            let daemon = try RunningDaemon(url: server.url, root: tree.path)
            let later = tree.root.appendingPathComponent("etc/archlabeld/labels.d/later")
            try await offload {
                let startup = daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8))
                #expect(startup.last?.contains("READY=1") == true, "\(startup)")
                #expect(server.node("pi4")?.labels["archlabeld.io/ssd.shelf"] == "true")
                try Data("gpu.count=2\nnot a key\n".utf8).write(to: later)
                let deadline = ContinuousClock.now + .seconds(15)
                while server.node("pi4")?.labels["archlabeld.io/gpu.count"] == nil, ContinuousClock.now < deadline { usleep(100_000) }
                #expect(server.node("pi4")?.labels["archlabeld.io/gpu.count"] == "2", "picked up at the next re-probe (interval 10s)")
                #expect(daemon.stop() == 0)
                let warnings = daemon.logLines.filter { $0["ARCHLABELD_EVENT"] == "labels.warning" }.compactMap { $0["ARCHLABELD_DETAIL"] }
                #expect(warnings.count == 1 && warnings[0].contains("labels.d/later:2: skipped:"), "\(warnings)")
            }
            withExtendedLifetime(tree) {}
        }
    }

    @Test func sigtermCancelsTheRequestInFlightAndExitsPromptly() async throws {
        try await Self.withServer { server in
            server.inject(.delay(.seconds(30)), on: .node("pi4", method: "GET"))
            let daemon = try RunningDaemon(url: server.url)
            try await offload {
                // The first read goes out within the 2 s start delay and is held back by the
                // server (a delayed request is recorded only when answered); stop after that.
                let deadline = ContinuousClock.now + .seconds(8)
                while !daemon.logLines.contains(where: { $0["ARCHLABELD_EVENT"] == "daemon.started" }), ContinuousClock.now < deadline {
                    usleep(20_000)
                }
                usleep(2_500_000)
                #expect(server.requests.isEmpty, "the read is still in flight")
                let started = ContinuousClock.now
                #expect(daemon.stop(with: SIGTERM, timeout: .seconds(3)) == 0)
                #expect(ContinuousClock.now - started < .seconds(3))
                let messages = daemon.notify.receive(until: { $0.contains("STOPPING=1") }, timeout: .seconds(1))
                #expect(messages.contains { $0.hasPrefix("STOPPING=1") }, "\(messages)")
            }
        }
    }

    @Test func readyAlsoWhenTheAPIIsDownThenTheStatusChangesWhenItComesBack() async throws {
        let port = try await TestAPIServer.serving(TestAPIServer.Configuration(tls: nil)) { $0.port }
        let daemon = try RunningDaemon(url: "https://127.0.0.1:\(port)")
        let startup = try await offload { daemon.notify.receive(until: { $0.contains("READY=1") }, timeout: .seconds(8)) }
        #expect(startup.last?.contains("READY=1") == true, "\(startup)")
        #expect(startup.contains { $0.contains("STATUS=waiting for API: ") }, "\(startup)")
        try await Self.withServer(port: port) { server in
            let recovery = try await offload { daemon.notify.receive(until: { $0.contains("STATUS=labels applied") }, timeout: .seconds(10)) }
            #expect(recovery.last?.contains("STATUS=labels applied") == true, "\(recovery)")
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4")
            #expect(try await offload { daemon.stop(with: SIGINT) } == 0)
        }
        #expect(daemon.logLines.contains { $0["ARCHLABELD_EVENT"] == "api.error" })
    }
}
