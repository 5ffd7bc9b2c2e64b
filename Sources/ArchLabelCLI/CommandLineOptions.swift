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

    /// `--once`: one cycle, then exit.
    public var once = false
    /// `--dry-run`: never write; with `--once` (or `--prune`) show what would be done.
    public var dryRun = false
    /// `--prune`: remove the managed labels, then exit.
    public var prune = false
    /// `--root DIR`: where the host's files are read.
    public var root = "/"
    /// `--config FILE`, used as given.
    public var config: String?
    /// `--kubeconfig FILE`, used as given.
    public var kubeconfig: String?
    /// `--node-name NAME`.
    public var nodeName: String?
    /// `--label-prefix PREFIX`, validated; nil when not given.
    public var labelPrefix: LabelPrefix?
    /// `--output`.
    public var output = OutputFormat.text
    /// `--log-format`.
    public var logFormat = LogDestination.auto
    /// `--log-level`.
    public var logLevel = Logger.Level.info
    /// `--capture PATH`: write what the probes read, then exit.
    public var capture: String?

    public init() {}

    /// The combinations that make no sense, refused as usage errors before anything runs.
    func validated() throws(UsageError) -> CommandLineOptions {
        if capture != nil, once || prune || dryRun {
            throw UsageError("--capture is a mode of its own and never contacts the API; replay the capture with --once --dry-run --root PATH")
        }
        if once, prune {
            throw UsageError("--prune is a mode of its own; use --prune (with --dry-run to preview), without --once")
        }
        if dryRun, !once, !prune {
            throw UsageError("--dry-run describes one run; add --once (or --prune to preview a prune)")
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
