/// ObjectMeta validation as apimachinery does it (`ValidateLabels`, `ValidateAnnotations`,
/// `IsQualifiedName`, `IsValidLabelValue`), with its messages word for word. Written separately
/// from ArchLabelCore's `LabelSyntax` on purpose: the server is the oracle the client is tested
/// against and must not share the client's mistakes.
enum MetadataValidation {
    static let totalAnnotationSizeLimit = 256 * 1024

    /// One cause per failed rule: labels (sorted by key) first, then annotations.
    static func causes(labels: [String: String], annotations: [String: String]) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        for key in labels.keys.sorted() {
            for message in qualifiedNameErrors(key) { causes.append(invalid("metadata.labels", key, message)) }
            for message in labelValueErrors(labels[key] ?? "") {
                causes.append(invalid("metadata.labels", labels[key] ?? "", message))
            }
        }
        for key in annotations.keys.sorted() {
            for message in qualifiedNameErrors(key.lowercased()) { causes.append(invalid("metadata.annotations", key, message)) }
        }
        let size = annotations.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        if size > totalAnnotationSizeLimit {
            causes.append(APIError.Cause(
                reason: "FieldValueTooLong", message: "Too long: may not be more than \(totalAnnotationSizeLimit) bytes",
                field: "metadata.annotations"))
        }
        return causes
    }

    static func invalid(_ field: String, _ value: String, _ message: String) -> APIError.Cause {
        APIError.Cause(reason: "FieldValueInvalid", message: "Invalid value: \(goQuoted(value)): \(message)", field: field)
    }

    // MARK: apimachinery's rules and texts

    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let subdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    static let labelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
    static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        message + " (e.g. " + examples.map { "'\($0)', " }.joined(separator: " or ") + "regex used for validation is '\(format)')"
    }

    static func maxLengthError(_ length: Int) -> String { "must be no more than \(length) characters" }

    static func qualifiedNameErrors(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var errors: [String] = []
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += subdomainErrors(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part " + maxLengthError(63))
        }
        if !isQualifiedNamePart(name) {
            errors.append("name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    static func labelValueErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLengthError(63)) }
        if !value.isEmpty && !isQualifiedNamePart(value) {
            errors.append(regexError(labelValueMessage, labelValueFormat, ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    static func subdomainErrors(_ prefix: String) -> [String] {
        var errors: [String] = []
        if prefix.utf8.count > 253 { errors.append(maxLengthError(253)) }
        let labels = prefix.split(separator: ".", omittingEmptySubsequences: false)
        let isValid = labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
                && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
        if !isValid { errors.append(regexError(subdomainMessage, subdomainFormat, ["example.com"])) }
        return errors
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, any length.
    static func isQualifiedNamePart(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A string as Go's `%q` prints it (enough of it for label keys and values).
    static func goQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
