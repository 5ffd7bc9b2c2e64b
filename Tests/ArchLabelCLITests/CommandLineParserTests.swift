import ArchLabelCLI
import ArchLabelCore
import ArchLabelSystemd
import Logging
import Testing

/// The command line of behaviour.md: every option, both value spellings, the defaults, and each
/// way a command line can be wrong (with the message a user sees).
struct CommandLineParserTests {
    static func options(_ arguments: [String]) throws -> CommandLineOptions {
        guard case .run(let options) = try CommandLineParser.parse(arguments) else {
            Issue.record("expected a run for \(arguments)")
            return CommandLineOptions()
        }
        return options
    }

    @Test func noArgumentsIsTheDaemonWithTheDefaults() throws {
        let options = try Self.options([])
        #expect(!options.once && !options.dryRun && !options.prune)
        #expect(options.root == "/")
        #expect(options.config == nil && options.kubeconfig == nil && options.nodeName == nil && options.labelPrefix == nil)
        #expect(options.output == .text)
        #expect(options.logFormat == .auto)
        #expect(options.logLevel == .info)
    }

    @Test func everyOptionIsParsed() throws {
        let options = try Self.options([
            "--once", "--dry-run", "--root", "/host", "--config", "/c.yaml", "--kubeconfig", "/k",
            "--node-name", "pi4", "--label-prefix", "example.com", "--output", "json",
            "--log-format", "journal", "--log-level", "debug",
        ])
        var expected = CommandLineOptions()
        expected.once = true
        expected.dryRun = true
        expected.root = "/host"
        expected.config = "/c.yaml"
        expected.kubeconfig = "/k"
        expected.nodeName = "pi4"
        expected.labelPrefix = try LabelPrefix("example.com/")
        expected.output = .json
        expected.logFormat = .journal
        expected.logLevel = .debug
        #expect(options == expected)
        #expect(try Self.options(["--prune"]).prune)
        #expect(try Self.options(["--prune", "--dry-run"]).dryRun)
    }

    @Test(arguments: [
        (["--root=/host"], "/host"),
        (["--root", "/a", "--root", "/b"], "/b"),
        (["--root=/a", "--root=x=y"], "x=y"),
    ])
    func valuesComeSeparateOrAfterAnEqualsSignAndTheLastWins(_ arguments: [String], _ root: String) throws {
        #expect(try Self.options(arguments).root == root)
    }

    @Test func anEmptyPrefixMeansBareKeys() throws {
        #expect(try Self.options(["--label-prefix", ""]).labelPrefix?.rawValue == "")
        #expect(try Self.options(["--label-prefix="]).labelPrefix?.rawValue == "")
    }

    @Test(arguments: [["--help"], ["-h"], ["--once", "--bogus", "--help"], ["--version", "-h"]])
    func helpWinsOverEverything(_ arguments: [String]) throws {
        #expect(try CommandLineParser.parse(arguments) == .help)
    }

    @Test func versionWinsOverOtherOptions() throws {
        #expect(try CommandLineParser.parse(["--once", "--version"]) == .version)
    }

    @Test(arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["--dryrun"], "unknown option '--dryrun'; did you mean '--dry-run'?"),
        (["--node_name", "x"], "unknown option '--node_name'; did you mean '--node-name'?"),
        (["-x"], "unknown option '-x'"),
        (["pi4"], "unexpected argument 'pi4'; archlabeld takes options only"),
        (["-"], "unexpected argument '-'; archlabeld takes options only"),
        (["--root"], "missing value for '--root DIR'"),
        (["--root", "--once"], "missing value for '--root DIR'"),
        (["--root="], "--root needs a value (empty given)"),
        (["--config="], "--config needs a value (empty given)"),
        (["--kubeconfig", ""], "--kubeconfig needs a value (empty given)"),
        (["--node-name="], "--node-name needs a value (empty given)"),
        (["--"], "unexpected argument '--'; archlabeld takes options only"),
        (["--dry-run"], "--dry-run describes one run; add --once (or --prune to preview a prune)"),
        (["--dry-run", "--output", "json"], "--dry-run describes one run; add --once (or --prune to preview a prune)"),
        (["--once=yes"], "--once takes no value"),
        (["--output", "yaml"], "--output: 'yaml' is not one of text, json"),
        (["--log-format", "syslog"], "--log-format: 'syslog' is not one of auto, journal, json, text"),
        (["--log-level", "verbose"], "--log-level: 'verbose' is not one of trace, debug, info, notice, warning, error, critical"),
        (["--label-prefix", "kubernetes.io/"],
         "invalid label prefix \"kubernetes.io/\": kubernetes.io and k8s.io are reserved for Kubernetes (NodeRestriction forbids nodes to write most of them)"),
        (["--once", "--prune"], "--prune is a mode of its own; use --prune (with --dry-run to preview), without --once"),
        (["--once", "--output", "json"], "--output json describes a dry run; add --dry-run"),
    ])
    func usageErrorsSayWhatIsWrong(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError.self) { try CommandLineParser.parse(arguments) }
        do {
            _ = try CommandLineParser.parse(arguments)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func helpListsEveryOptionWithinEightyColumns() {
        let help = CommandLineHelp.text
        for flag in ["--once", "--dry-run", "--prune", "--root DIR", "--config FILE", "--kubeconfig FILE", "--node-name NAME",
                     "--label-prefix PREFIX", "--output FORMAT", "--log-format FORMAT", "--log-level LEVEL", "--version", "-h, --help"] {
            #expect(help.contains(flag), "\(flag)")
        }
        for line in help.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
        #expect(CommandLineHelp.usage.hasPrefix("Usage: archlabeld [--once] [--dry-run] [--prune] [--root DIR]"))
    }
}
