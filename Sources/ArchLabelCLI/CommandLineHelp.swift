/// The text `archlabeld --help` prints and the usage line under every usage error, rendered
/// from ``OptionSpec/all`` and wrapped to 80 columns.
public enum CommandLineHelp {
    static let overview = "Label this Kubernetes node with its hardware, CPU variant, virtualization and runtime."
    static let discussion = """
        Probes the machine (or a captured tree given with --root), derives labels such as \
        archlabeld.io/hardware=rpi4 and archlabeld.io/arch.variant=v8, and publishes them on this \
        node's Node object. Without --once or --prune it runs as a daemon (a systemd service). \
        `archlabeld --once --dry-run` shows the labels and the evidence behind each on any machine, \
        with no cluster.
        """

    static let footer = """
        Exit status: 0 success, 1 runtime failure (the message says what to do), 64 usage error. \
        See archlabeld(8) and the commented /etc/archlabeld/config.yaml.
        """

    /// `Usage: archlabeld [--once] …`, wrapped with a hanging indent.
    public static var usage: String {
        let words = OptionSpec.all.map { "[\($0.syntax)]" } + ["[--version]", "[--help]"]
        return wrap(words, width: 80, first: "Usage: archlabeld ", rest: String(repeating: " ", count: 18))
    }

    /// The whole help screen.
    public static var text: String {
        var lines = wrap(words(overview), width: 80, first: "", rest: "") + "\n\n"
        lines += wrap(words(discussion), width: 80, first: "", rest: "") + "\n\n"
        lines += usage + "\n\nOptions:\n"
        let rows = OptionSpec.all.map { ($0.syntax, $0.help) }
            + [("--version", "Print the version and exit."), ("-h, --help", "Print this help and exit.")]
        let column = 26
        for (syntax, help) in rows {
            let lead = "  " + syntax  // the longest, "  --label-prefix PREFIX", fits the column
            let padded = lead + String(repeating: " ", count: max(1, column - lead.count))
            lines += wrap(words(help), width: 80, first: padded, rest: String(repeating: " ", count: column)) + "\n"
        }
        lines += "\n" + wrap(words(footer), width: 80, first: "", rest: "") + "\n"
        return lines
    }

    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    /// Greedy word wrap: `first` starts the first line, `rest` indents the others.
    static func wrap(_ words: [String], width: Int, first: String, rest: String) -> String {
        var output = ""
        var line = first
        var lineHasWord = false
        for word in words {
            if lineHasWord, line.count + 1 + word.count > width {
                output += line + "\n"
                line = rest
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return output + line
    }
}
