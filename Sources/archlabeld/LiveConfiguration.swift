import ArchLabelConfig
import ArchLabelCore
import ArchLabelProbes
import Logging
import Synchronization

/// The configuration in force in the daemon, replaced on SIGHUP only by a valid file. Keys that
/// decide who and where the daemon is (labelPrefix, nodeName, kubeconfig, interval) need a
/// restart; a reload that changes them says so and applies the rest.
final class LiveConfiguration: Sendable {
    private let current: Mutex<Configuration>
    private let reported = Mutex<[String]>([])
    private let flag: String?
    private let root: HostRoot
    private let logger: Logger

    init(_ configuration: Configuration, flag: String?, root: HostRoot, logger: Logger) {
        current = Mutex(configuration)
        self.flag = flag
        self.root = root
        self.logger = logger
    }

    /// The configuration in force.
    var value: Configuration { current.withLock { $0 } }

    /// Logs the warnings of rules, drop-in files and labels that had to be dropped, once per
    /// change of the set (the labels are computed on every plan).
    func report(_ warnings: [ProbeWarning]) {
        let texts = warnings.map(\.description)
        let changed = reported.withLock { last in
            defer { last = texts }
            return last != texts
        }
        guard changed else { return }
        for text in texts {
            logger.warning("label input skipped", metadata: ["event": "labels.warning", "detail": .string(text)])
        }
    }

    /// Re-reads the file; returns why it was refused, or nil when the new one is in force.
    func reload() -> String? {
        let fresh: Configuration
        do {
            fresh = try ConfigurationLoader.load(flag: flag, root: root)
        } catch {
            return error.description
        }
        let old = value
        var needRestart: [String] = []
        if fresh.labelPrefix != old.labelPrefix { needRestart.append("labelPrefix") }
        if fresh.nodeName != old.nodeName { needRestart.append("nodeName") }
        if fresh.kubeconfig != old.kubeconfig { needRestart.append("kubeconfig") }
        if fresh.interval != old.interval { needRestart.append("interval") }
        if !needRestart.isEmpty {
            logger.warning(
                "configuration changes that take effect on restart",
                metadata: ["event": "config.restart-needed", "keys": .string(needRestart.joined(separator: ","))])
        }
        var applied = fresh
        applied.labelPrefix = old.labelPrefix
        applied.nodeName = old.nodeName
        applied.kubeconfig = old.kubeconfig
        applied.interval = old.interval
        current.withLock { $0 = applied }
        return nil
    }
}
