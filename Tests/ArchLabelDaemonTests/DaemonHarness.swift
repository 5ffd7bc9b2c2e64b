import ArchLabelCore
import ArchLabelDaemon
import ArchLabelKube
import ArchLabelProbes
import ArchLabelSystemd
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TestAPIServer
import TestSupport

/// A value shared between the test and the daemon's tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { value.withLock { body(&$0) } }
}

/// Log records kept in memory, so that tests can assert on events without a global logger.
struct RecordingLogHandler: LogHandler {
    private let records: Shared<[LogRecord]>
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .debug

    init(into records: Shared<[LogRecord]>) { self.records = records }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let record = LogRecord(level: event.level, message: event.message, metadata: metadata.merging(event.metadata ?? [:]) { $1 })
        records.withLock { $0.append(record) }
    }
}

/// A running daemon against the test API server, with labels the test can change.
final class DaemonHarness: Sendable {
    static let record = "archlabeld.io/managed-labels"
    let server: TestAPIServer
    let desired: Shared<[String: String]>
    let logs = Shared<[LogRecord]>([])
    let reload: AsyncStream<Void>.Continuation
    private let reloads: AsyncStream<Void>

    init(server: TestAPIServer, labels: [String: String]) {
        self.server = server
        self.desired = Shared(labels)
        (reloads, reload) = AsyncStream.makeStream(of: Void.self)
    }

    /// Settings that keep every test within seconds.
    static var fastSettings: DaemonSettings {
        var settings = DaemonSettings()
        settings.startJitter = .milliseconds(50)
        settings.backoff = Backoff(base: .milliseconds(50), cap: .milliseconds(400))
        settings.requestTimeout = .seconds(5)
        settings.watchTimeout = .seconds(30)
        settings.reprobeInterval = .seconds(3600)
        return settings
    }

    /// A logger into ``logs``.
    var logger: Logger { Logger(label: "test") { [logs] _ in RecordingLogHandler(into: logs) } }

    /// Events logged so far (`ARCHLABELD_EVENT` values), in order.
    var events: [String] { logs.withLock { $0.compactMap { $0["ARCHLABELD_EVENT"] } } }

    /// Runs the daemon for node pi4 while `body` runs, then shuts it down gracefully.
    /// With `target`, the daemon labels what it computes instead of ``desired``; `devices` and
    /// `services` (a uevent monitor) make hotplug tests.
    func run(
        access: ClusterAccess? = nil, settings: DaemonSettings = DaemonHarness.fastSettings, target: LabelDaemon.Target? = nil,
        devices: DeviceWatch? = nil, services: [any Service] = [], _ body: () async throws -> Void
    ) async throws {
        let access = try access ?? Self.access(server.url)
        let desired = self.desired
        let target = target ?? LabelDaemon.Target(
            node: "pi4", annotationKey: Self.record, probe: { HostFacts() },
            labels: { _, _ in desired.withLock { $0 } })
        let logger = self.logger
        let daemon = devices.map {
            LabelDaemon(target: target, access: access, settings: settings, devices: $0, reloads: reloads, logger: logger)
        } ?? LabelDaemon(target: target, access: access, settings: settings, reloads: reloads, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { .init(service: $0) } + [.init(service: daemon)], logger: logger))
        let running = Task { try await group.run() }
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value
    }

    /// Node pi4's client certificate against `url`.
    static func access(_ url: String) throws -> ClusterAccess {
        let root = try HostRoot(path: "/")
        return ClusterAccess(
            source: "test", server: url,
            certificateAuthority: .file(Fixtures.path("pki/ca.pem"), root: root),
            clientCertificate: .file(Fixtures.path("pki/node-pi4-ec.pem"), root: root),
            clientKey: .file(Fixtures.path("pki/node-pi4-ec.key"), root: root))
    }

    /// The server's TLS configuration with the test PKI.
    static let tls = TestAPIServer.TLS(
        certificateChainPath: Fixtures.path("pki/server.pem"), privateKeyPath: Fixtures.path("pki/server.key"),
        clientCAPath: Fixtures.path("pki/ca.pem"))
}

/// Waits until `condition` holds, polling every 20 ms, for at most `timeout`; returns whether it held.
@discardableResult
func eventually(within timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
