import ArchLabelCore
import ArchLabelProbes
import ArchLabelSystemd
import ArgumentParser
import Logging

/// The `archlabeld` command line: parses and validates options, then hands over to
/// ``Runner``. Nothing else lives here.
@main
struct ArchLabelCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "archlabeld",
        abstract: "Label this Kubernetes node with its hardware, CPU variant, virtualization and runtime.",
        discussion: """
            Probes the machine (or a captured tree given with --root), derives labels such as \
            archlabeld.io/hardware=rpi4 and archlabeld.io/arch.variant=v8, and shows them with the \
            evidence behind each. `archlabeld --once --dry-run` works on any machine, with no cluster.
            """,
        version: version
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Flag(help: "Run one probe → compute → publish cycle, then exit.")
    var once = false

    @Flag(help: "Never write to the API; with --once, print the labels and their evidence.")
    var dryRun = false

    @Flag(help: "Remove every label archlabeld manages on this node, then exit (with --dry-run: show what it would remove).")
    var prune = false

    @Option(help: ArgumentHelp("Read every host file under DIR instead of /.", valueName: "DIR"))
    var root = "/"

    @Option(help: ArgumentHelp("Configuration file (default /etc/archlabeld/config.yaml under --root; absent means defaults).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Kubeconfig with the credentials to use.", valueName: "FILE"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("Name of this node's Node object.", valueName: "NAME"))
    var nodeName: String?

    @Option(help: ArgumentHelp("Prefix of every built-in label key (default archlabeld.io/, or the config's labelPrefix); \"\" for bare keys.", valueName: "PREFIX"))
    var labelPrefix: String?

    @Option(help: "Dry-run output format.")
    var output: OutputFormat = .text

    @Option(help: ArgumentHelp("Log format: auto (the journal under systemd, else text), journal, json or text.", valueName: "FORMAT"))
    var logFormat: LogDestination = .auto

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error or critical.", valueName: "LEVEL"))
    var logLevel: Logger.Level = .info

    func validate() throws {
        if let labelPrefix {
            do {
                _ = try LabelPrefix(labelPrefix)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if once, prune {
            throw ValidationError("--prune is a mode of its own; use --prune (with --dry-run to preview), without --once")
        }
        if output == .json, !dryRun {
            throw ValidationError("--output json describes a dry run; add --dry-run")
        }
    }

    func run() async throws {
        let prefix = try labelPrefix.map { try LabelPrefix($0) }
        let environment = ProcessEnvironment.variables()
        let logger = LoggerFactory.make(format: logFormat, level: logLevel, environment: environment)
        let run = try Runner(
            rootPath: root, configFlag: config, prefixFlag: prefix, nodeNameFlag: nodeName, kubeconfigFlag: kubeconfig,
            environment: environment, logger: logger)
        guard once || prune else {
            try await run.runDaemon()
            return
        }
        if dryRun {
            let report = await run.dryRunReport(pruning: prune)
            print(output == .json ? report.json.serialized() : report.text, terminator: output == .json ? "\n" : "")
            SystemdNotifier().notify(.status("dry run: \(report.labels.entries.count) labels computed, none sent"))
            return
        }
        let summary = prune ? try await run.prune() : try await run.publish()
        print(summary)
        SystemdNotifier().notify(.status(summary))
    }
}

extension LogDestination: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
