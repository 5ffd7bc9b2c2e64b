/// A position in a YAML document, 1-based, as editors show it.
public struct YAMLMark: Sendable, Equatable, CustomStringConvertible {
    /// Line number, starting at 1.
    public var line: Int
    /// Column number, starting at 1.
    public var column: Int

    /// Creates a mark at `line`:`column` (both 1-based).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A scalar as written in the document: its text, whether it was plain (unquoted, so `true`,
/// `null` and numbers keep their YAML meaning), its explicit tag if any, and where it starts.
public struct YAMLScalar: Sendable, Equatable {
    /// The scalar's text after YAML unescaping.
    public var value: String
    /// True for plain (unquoted) scalars; quoted and block scalars are always strings.
    public var isPlain: Bool
    /// An explicit tag such as `!!str`, or nil.
    public var tag: String?
    /// Where the scalar starts.
    public var mark: YAMLMark

    /// Creates a scalar.
    public init(value: String, isPlain: Bool, tag: String? = nil, mark: YAMLMark) {
        self.value = value
        self.isPlain = isPlain
        self.tag = tag
        self.mark = mark
    }

    /// True when the scalar means YAML null: `null`, `~`, `Null`, `NULL` or nothing at all, unquoted.
    public var isNull: Bool {
        guard isPlain, tag == nil || tag == "tag:yaml.org,2002:null" else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(value)
    }
}

/// One key and its value in a mapping; keys are always scalars here.
public struct YAMLEntry: Sendable, Equatable {
    /// The key, with its position.
    public var key: YAMLScalar
    /// The value.
    public var value: YAMLNode
}

/// A node of a YAML document: a scalar, a mapping (entries in document order, keys unique)
/// or a sequence.
public indirect enum YAMLNode: Sendable, Equatable {
    /// A scalar value.
    case scalar(YAMLScalar)
    /// A mapping; keys are unique scalars in document order.
    case mapping([YAMLEntry], YAMLMark)
    /// A sequence.
    case sequence([YAMLNode], YAMLMark)

    /// Where the node starts.
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .mapping(_, let mark), .sequence(_, let mark): return mark
        }
    }

    /// What the node is, for error messages ("a mapping", "a string").
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): return scalar.isNull ? "null" : "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
