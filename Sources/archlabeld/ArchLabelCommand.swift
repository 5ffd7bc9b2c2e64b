import ArchLabelCLI
import ArchLabelCore
import ArchLabelProbes
import ArchLabelSystemd
import Glibc
import NIOCore

/// The `archlabeld` program: parses the command line (``CommandLineParser``), then hands over to
/// ``Runner``. Usage errors exit 64 with the usage line; runtime failures exit 1 with one line
/// that says what to do.
@main
enum ArchLabelCommand {
    static let version = "0.1.0"

    static func main() async {
        // One event loop and one blocking-pool thread: the daemon holds one watch and sends a
        // request every few minutes. NIO's default is one of each per core (4 on a Pi 4).
        NIOSingletons.groupLoopCountSuggestion = 1
        NIOSingletons.blockingPoolThreadCountSuggestion = 1
        let request: CommandLineRequest
        do {
            request = try CommandLineParser.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail("Error: \(error)\n\(CommandLineHelp.usage)\n  See 'archlabeld --help' for more information.", status: 64)
        }
        switch request {
        case .help:
            print(CommandLineHelp.text, terminator: "")
        case .version:
            print(version)
        case .run(let options):
            do {
                try await run(options)
            } catch {
                fail("Error: \(error)", status: 1)
            }
        }
    }

    static func run(_ options: CommandLineOptions) async throws {
        let environment = ProcessEnvironment.variables()
        let logger = LoggerFactory.make(format: options.logFormat, level: options.logLevel, environment: environment)
        let run = try Runner(
            rootPath: options.root, configFlag: options.config, prefixFlag: options.labelPrefix, nodeNameFlag: options.nodeName,
            kubeconfigFlag: options.kubeconfig, environment: environment, logger: logger,
            recorder: options.capture == nil ? nil : ReadRecorder())
        if let path = options.capture {
            let summary = try run.capture(to: path, commandLine: CommandLine.arguments, version: version)
            // With `--capture -` the archive is standard output: the summary goes to stderr.
            if path == "-" { writeToStandardError(summary) } else { print(summary) }
            return
        }
        guard options.once || options.prune else {
            try await run.runDaemon()
            return
        }
        if options.dryRun {
            let report = await run.dryRunReport(pruning: options.prune)
            let json = options.output == .json
            print(json ? report.json.serialized() : report.text, terminator: json ? "\n" : "")
            SystemdNotifier().notify(.status("dry run: \(report.labels.entries.count) labels computed, none sent"))
            return
        }
        let summary = options.prune ? try await run.prune() : try await run.publish()
        print(summary)
        SystemdNotifier().notify(.status(summary))
    }

    /// Writes `message` to stderr in one write (a few hundred bytes at most) and exits with
    /// `status`; `exit` flushes stdout.
    static func fail(_ message: String, status: Int32) -> Never {
        writeToStandardError(message)
        exit(status)
    }

    /// `message` and a newline on stderr in one write.
    static func writeToStandardError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
