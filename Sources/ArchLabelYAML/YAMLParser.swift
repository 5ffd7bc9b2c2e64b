import CYAML

/// Parses one YAML document into a `YAMLNode` tree with libyaml's event parser.
///
/// Kubeconfigs and archlabeld's configuration are small, hand-edited files, so the parser is
/// deliberately strict where YAML is surprising: aliases and anchors are rejected (no
/// "billion laughs"), mapping keys must be unique scalars, nesting is limited, and a stream with
/// more than one document is an error. JSON is YAML, so JSON kubeconfigs parse too.
public enum YAMLParser {
    /// How deeply mappings and sequences may nest.
    public static let maximumDepth = 64

    /// Parses `bytes` (UTF-8) as one document; `file` names it in errors. An empty document
    /// (nothing but comments) yields nil.
    public static func parse(_ bytes: [UInt8], file: String) throws(YAMLError) -> YAMLNode? {
        var builder = TreeBuilder(file: file)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(file: file, mark: nil, message: "the YAML parser could not be initialised (out of memory)")
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw syntaxError(parser, file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.root }
                try builder.consume(event)
            }
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) \(context)"
        }
        let at = parser.problem_mark
        return YAMLError(file: file, mark: YAMLMark(line: at.line + 1, column: at.column + 1), message: message)
    }
}

/// Turns libyaml's event stream into nodes, one open collection per stack frame.
private struct TreeBuilder {
    private enum Frame {
        case mapping(entries: [YAMLEntry], keys: Set<String>, pendingKey: YAMLScalar?, mark: YAMLMark)
        case sequence(items: [YAMLNode], mark: YAMLMark)
    }

    let file: String
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var documents = 0

    init(file: String) { self.file = file }

    mutating func consume(_ event: yaml_event_t) throws(YAMLError) {
        let mark = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLError(file: file, mark: mark, message: "more than one YAML document; expected exactly one")
            }
        case YAML_ALIAS_EVENT:
            throw YAMLError(file: file, mark: mark, message: "YAML aliases (*name) are not supported; write the value out")
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            if data.anchor != nil { throw anchorError(mark) }
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let scalar = YAMLScalar(
                value: text,
                isPlain: data.style == YAML_PLAIN_SCALAR_STYLE && data.plain_implicit == 1,
                tag: data.tag.map { String(cString: $0) },
                mark: mark
            )
            try add(.scalar(scalar))
        case YAML_MAPPING_START_EVENT:
            if event.data.mapping_start.anchor != nil { throw anchorError(mark) }
            try push(.mapping(entries: [], keys: [], pendingKey: nil, mark: mark), at: mark)
        case YAML_SEQUENCE_START_EVENT:
            if event.data.sequence_start.anchor != nil { throw anchorError(mark) }
            try push(.sequence(items: [], mark: mark), at: mark)
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return }
            switch frame {
            case .mapping(let entries, _, _, let start): try add(.mapping(entries, start))
            case .sequence(let items, let start): try add(.sequence(items, start))
            }
        default:
            break
        }
    }

    private func anchorError(_ mark: YAMLMark) -> YAMLError {
        YAMLError(file: file, mark: mark, message: "YAML anchors (&name) are not supported; write the value out")
    }

    private mutating func push(_ frame: Frame, at mark: YAMLMark) throws(YAMLError) {
        guard stack.count < YAMLParser.maximumDepth else {
            throw YAMLError(file: file, mark: mark, message: "nested deeper than \(YAMLParser.maximumDepth) levels")
        }
        stack.append(frame)
    }

    private mutating func add(_ node: YAMLNode) throws(YAMLError) {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let mark):
            items.append(node)
            stack.append(.sequence(items: items, mark: mark))
        case .mapping(var entries, var keys, let pendingKey, let mark):
            if let key = pendingKey {
                entries.append(YAMLEntry(key: key, value: node))
                stack.append(.mapping(entries: entries, keys: keys, pendingKey: nil, mark: mark))
                return
            }
            guard case .scalar(let key) = node else {
                throw YAMLError(file: file, mark: node.mark, message: "a mapping key must be a plain value, not \(node.kindDescription)")
            }
            guard keys.insert(key.value).inserted else {
                throw YAMLError(file: file, mark: key.mark, message: "duplicate key \"\(key.value)\"")
            }
            stack.append(.mapping(entries: entries, keys: keys, pendingKey: key, mark: mark))
        }
    }
}
