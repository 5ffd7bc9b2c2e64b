import ArchLabelCore
import ArchLabelSystemd
import Logging

/// Everything the command line can say, with the defaults of behaviour.md's "Command line".
/// Built by ``CommandLineParser``; values are already validated (the label prefix, the choices).
public struct CommandLineOptions: Equatable, Sendable {
    /// `--output`: how a dry run prints its report.
    public enum OutputFormat: String, Sendable, CaseIterable {
        case text, json
    }

    public var once = false
    public var dryRun = false
    public var prune = false
    public var root = "/"
    public var config: String?
    public var kubeconfig: String?
    public var nodeName: String?
    public var labelPrefix: LabelPrefix?
    public var output = OutputFormat.text
    public var logFormat = LogDestination.auto
    public var logLevel = Logger.Level.info

    public init() {}

    /// The combinations that make no sense, refused as usage errors before anything runs.
    func validated() throws(UsageError) -> CommandLineOptions {
        if once, prune {
            throw UsageError("--prune is a mode of its own; use --prune (with --dry-run to preview), without --once")
        }
        if output == .json, !dryRun {
            throw UsageError("--output json describes a dry run; add --dry-run")
        }
        return self
    }
}

/// What the command line asks for: help, the version, or a run with options.
public enum CommandLineRequest: Equatable, Sendable {
    case help
    case version
    case run(CommandLineOptions)
}

/// A command line that cannot be run as given; the process exits with status 64 (EX_USAGE).
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
