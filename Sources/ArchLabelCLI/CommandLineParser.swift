import ArchLabelCore

/// Parses `archlabeld`'s arguments (without the program name) into a ``CommandLineRequest``.
///
/// Options are `--name VALUE` or `--name=VALUE`; a repeated option keeps its last value, as
/// usual for Unix tools. `--help`/`-h` and `--version` win over everything else, so that a user
/// can always ask. A value that looks like an option (`--root --once`) is a missing value: pass
/// `--root=--odd-name` to mean it.
///
/// Hand-written rather than swift-argument-parser: the command has a dozen options, and the
/// library's reflection cost most of a dry run's start-up and half a megabyte of binary
/// (docs/footprint.md).
public enum CommandLineParser {
    /// The request `arguments` make, or the first usage error in them.
    public static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineRequest {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        if arguments.contains("--version") { return .version }
        var options = CommandLineOptions()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard looksLikeOption(argument), argument != "--" else {
                throw UsageError("unexpected argument '\(argument)'; archlabeld takes options only")
            }
            let (name, inlineValue) = split(argument)
            guard let spec = OptionSpec.all.first(where: { "--" + $0.name == name }) else {
                throw UsageError("unknown option '\(name)'" + suggestion(for: name))
            }
            guard let valueName = spec.valueName else {
                if inlineValue != nil { throw UsageError("\(name) takes no value") }
                try spec.apply(&options, "")
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.endIndex, !looksLikeOption(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("missing value for '\(name) \(valueName)'")
            }
            try spec.apply(&options, value)
        }
        return .run(try options.validated())
    }

    /// `--name=value` → ("--name", "value"); `--name` → ("--name", nil).
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func looksLikeOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.count > 1
    }

    /// "; did you mean '--dry-run'?" for a near miss (at most two edits), else "".
    private static func suggestion(for name: String) -> String {
        let candidates = OptionSpec.all.map { "--" + $0.name } + ["--help", "--version"]
        let scored = candidates.map { ($0, EditDistance.between($0, name)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return "; did you mean '\(best.0)'?"
    }
}

/// Levenshtein distance over UTF-8 bytes, for "did you mean" on mistyped options.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        // previous[j]: the distance between the first i - 1 bytes of a and the first j of b.
        var previous = Array(0...b.count)
        for (i, byteOfA) in a.enumerated() {
            var current = [i + 1]
            for (j, byteOfB) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (byteOfA == byteOfB ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
