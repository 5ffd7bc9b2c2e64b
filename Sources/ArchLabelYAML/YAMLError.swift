/// A YAML document that could not be parsed, or a value of the wrong shape, located by file,
/// line, column and key path so that the user can go straight to it.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the document came from, as the user named it.
    public var file: String
    /// Where the problem is, if known.
    public var mark: YAMLMark?
    /// The key path of the offending value (`clusters[0].cluster.server`), empty at the top.
    public var keyPath: String
    /// What is wrong, and where it helps, what would be right.
    public var message: String

    /// Creates an error.
    public init(file: String, mark: YAMLMark?, keyPath: String = "", message: String) {
        self.file = file
        self.mark = mark
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text = file
        if let mark { text += ":\(mark.line):\(mark.column)" }
        text += ": "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        return text + message
    }
}
