import ArchLabelCore
import ArchLabelYAML

extension Configuration {
    /// The top-level keys, exactly as `behaviour.md` names them.
    static let keys: Set<String> = [
        "labelPrefix", "nodeName", "kubeconfig", "interval", "disable", "labels", "rules",
        "dropInDirectory", "overwriteForeignLabels", "devices",
    ]

    /// Parses a configuration document strictly: unknown keys, wrong types and invalid values
    /// are errors naming file, line, column and key path. An empty document is the defaults.
    public init(parsing bytes: [UInt8], file: String) throws(YAMLError) {
        self.init()
        source = file
        guard let root = try YAMLParser.parse(bytes, file: file) else { return }
        let document = try YAMLValue(root: root, file: file).mapping()
        try document.rejectUnknownKeys(Configuration.keys)
        if let value = document["labelPrefix"] {
            let text = try value.string()
            do {
                labelPrefix = try LabelPrefix(text)
            } catch {
                let invalid: YAMLError = value.error(error.description)
                throw invalid
            }
        }
        nodeName = try document["nodeName"].map { (value) throws(YAMLError) in
            let name = try value.string()
            guard name.isEmpty || LabelSyntax.isValidPrefixDomain(name) else {
                throw value.error("\"\(name)\" is not a valid node name (a lower-case DNS name)")
            }
            return name
        }.flatMap { $0.isEmpty ? nil : $0 }
        kubeconfig = try document["kubeconfig"]?.string().nonEmpty
        if let value = document["interval"] { interval = try Configuration.duration(value, within: DurationText.range, "10s…24h") }
        for item in try document["disable"]?.list() ?? [] {
            let name = try item.string()
            guard BuiltinLabel.isBuiltin(name) else { throw item.error("\"\(name)\" is not a built-in label name") }
            disable.insert(name)
        }
        if let value = document["labels"] { labels = try Configuration.labels(value, prefix: labelPrefix, disabled: disable) }
        for item in try document["rules"]?.list() ?? [] {
            rules.append(try Configuration.rule(item, prefix: labelPrefix, disabled: disable))
        }
        if let value = document["dropInDirectory"] {
            let path = try value.string()
            guard path.hasPrefix("/") else { throw value.error("\"\(path)\" is not an absolute path") }
            dropInDirectory = path
        }
        overwriteForeignLabels = try document["overwriteForeignLabels"]?.bool() ?? false
        if let value = document["devices"] { try parseDevices(value) }
    }

    /// A duration such as `30s` or `1h30m` within `range` (written `bounds` in the error).
    static func duration(_ value: YAMLValue, within range: ClosedRange<Duration>, _ bounds: String) throws(YAMLError) -> Duration {
        let text = try value.string()
        guard let duration = DurationText.parse(text) else {
            throw value.error("\"\(text)\" is not a duration; write it like 30s, 10m, 1h or 1h30m")
        }
        guard range.contains(duration) else { throw value.error("\(text) is outside \(bounds)") }
        return duration
    }

    /// A `labels` mapping: every key valid with the prefix applied, every value a valid label
    /// value, and no key that is a built-in label's (unless that built-in is disabled: then the
    /// custom label replaces it).
    static func labels(_ value: YAMLValue, prefix: LabelPrefix, disabled: Set<String>) throws(YAMLError) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, item) in try value.mapping().values {
            let text = try item.string()
            if !key.contains("/"), BuiltinLabel.isBuiltin(key), !disabled.contains(key) {
                throw item.error("\"\(key)\" is a built-in label; add it to disable to replace it")
            }
            let full = key.contains("/") ? key : prefix.key(key)
            guard LabelSyntax.isValidKey(full) else { throw item.error("\"\(full)\" is not a valid label key") }
            if let slash = full.firstIndex(of: "/"), LabelSyntax.isReservedDomain(String(full[..<slash])) {
                throw item.error("\"\(full)\" is under kubernetes.io or k8s.io, which belong to Kubernetes")
            }
            guard LabelSyntax.isValidValue(text) else {
                throw item.error("\"\(text)\" is not a valid label value (at most 63 of A-Z a-z 0-9 . _ -, starting and ending alphanumeric)")
            }
            labels[key] = text
        }
        return labels
    }

    /// One rule: `labels` (at least one) and `matchExpressions`.
    static func rule(_ value: YAMLValue, prefix: LabelPrefix, disabled: Set<String>) throws(YAMLError) -> Rule {
        let map = try value.mapping()
        try map.rejectUnknownKeys(["labels", "matchExpressions"])
        let labels = try Configuration.labels(try map.require("labels"), prefix: prefix, disabled: disabled)
        guard !labels.isEmpty else { throw value.error("a rule must set at least one label") }
        var expressions: [MatchExpression] = []
        for item in try map["matchExpressions"]?.list() ?? [] {
            let expression = try item.mapping()
            try expression.rejectUnknownKeys(["key", "operator", "values"])
            let keyValue = try expression.require("key")
            let key = try keyValue.string()
            guard BuiltinLabel.isBuiltin(key) else {
                throw keyValue.error("\"\(key)\" is not a built-in label name (rules match the built-in labels, without prefix)")
            }
            let operatorValue = try expression.require("operator")
            let operatorText = try operatorValue.string()
            guard let op = MatchExpression.Operator(rawValue: operatorText) else {
                let known = MatchExpression.Operator.allCases.map(\.rawValue).joined(separator: ", ")
                throw operatorValue.error("\"\(operatorText)\" is not an operator; use one of \(known)")
            }
            var values: [String] = []
            for element in try expression["values"]?.list() ?? [] { values.append(try element.string()) }
            let parsed = MatchExpression(key: key, operator: op, values: values)
            if let problem = parsed.problem { throw item.error(problem) }
            expressions.append(parsed)
        }
        let mark = value.node.mark
        return Rule(labels: labels, matchExpressions: expressions, location: "\(value.file):\(mark.line):\(mark.column) \(value.keyPath)")
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
