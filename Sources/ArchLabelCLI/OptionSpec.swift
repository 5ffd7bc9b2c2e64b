import ArchLabelCore
import ArchLabelSystemd
import Logging

/// One option of the command line: its name, the value it takes, its help text and how it sets
/// ``CommandLineOptions``. The parser and the help screen both read ``all``, so they cannot
/// disagree.
struct OptionSpec: Sendable {
    /// Without the leading `--`.
    let name: String
    /// `DIR`, `FILE`, …; nil for a flag.
    let valueName: String?
    let help: String
    let apply: @Sendable (inout CommandLineOptions, String) throws(UsageError) -> Void

    /// `--name VALUE` as the usage line and the help screen show it.
    var syntax: String { "--\(name)" + (valueName.map { " " + $0 } ?? "") }

    /// The options in the order of behaviour.md's synopsis (`--help` and `--version` are handled
    /// before parsing).
    static let all: [OptionSpec] = [
        OptionSpec(name: "once", valueName: nil, help: "Run one probe → compute → publish cycle, then exit.") { options, _ in
            options.once = true
        },
        OptionSpec(name: "dry-run", valueName: nil, help: "Never write to the API; with --once, print the labels and their evidence.") { options, _ in
            options.dryRun = true
        },
        OptionSpec(name: "prune", valueName: nil,
                   help: "Remove every label archlabeld manages on this node, then exit (with --dry-run: show what it would remove).") { options, _ in
            options.prune = true
        },
        OptionSpec(name: "root", valueName: "DIR", help: "Read every host file under DIR instead of / (the default).") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.root = try nonEmpty(value, for: "root")
        },
        OptionSpec(name: "config", valueName: "FILE",
                   help: "Configuration file (default /etc/archlabeld/config.yaml under --root; absent means defaults).") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.config = try nonEmpty(value, for: "config")
        },
        OptionSpec(name: "kubeconfig", valueName: "FILE", help: "Kubeconfig with the credentials to use.") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.kubeconfig = try nonEmpty(value, for: "kubeconfig")
        },
        OptionSpec(name: "node-name", valueName: "NAME", help: "Name of this node's Node object.") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.nodeName = try nonEmpty(value, for: "node-name")
        },
        OptionSpec(name: "label-prefix", valueName: "PREFIX",
                   help: "Prefix of every built-in label key (default archlabeld.io/, or the config's labelPrefix); \"\" for bare keys.") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            do {
                options.labelPrefix = try LabelPrefix(value)
            } catch {
                throw UsageError("\(error)")
            }
        },
        OptionSpec(name: "output", valueName: "FORMAT", help: "Dry-run output format: text or json. (default: text)") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.output = try choice(value, for: "output")
        },
        OptionSpec(name: "log-format", valueName: "FORMAT",
                   help: "Log format: auto (the journal under systemd, else text), journal, json or text. (default: auto)") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.logFormat = try choice(value, for: "log-format")
        },
        OptionSpec(name: "log-level", valueName: "LEVEL",
                   help: "Log level: trace, debug, info, notice, warning, error or critical. (default: info)") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.logLevel = try choice(value, for: "log-level")
        },
        OptionSpec(name: "capture", valueName: "PATH",
                   help: "Write every file the probes read into PATH (a new directory, a .tar.gz, or - for a .tar.gz on stdout), for bug reports and fixtures; then exit.") { (options: inout CommandLineOptions, value: String) throws(UsageError) in
            options.capture = try nonEmpty(value, for: "capture")
        },
    ]

    /// `value`, unless it is empty: an unset shell variable (`--kubeconfig "$KUBECONFIG"`) must not
    /// silently mean "not given".
    private static func nonEmpty(_ value: String, for option: String) throws(UsageError) -> String {
        guard value.isEmpty else { return value }
        throw UsageError("--\(option) needs a value (empty given)")
    }

    /// The case of `Choice` whose raw value is `value`, or a usage error listing the choices.
    private static func choice<Choice: RawRepresentable & CaseIterable>(_ value: String, for option: String) throws(UsageError) -> Choice
    where Choice.RawValue == String {
        if let chosen = Choice(rawValue: value) { return chosen }
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageError("--\(option): '\(value)' is not one of \(names)")
    }
}
