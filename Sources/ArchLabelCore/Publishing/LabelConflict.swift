/// A label archlabeld computes but leaves alone because someone else set the key to another
/// value (reported, never overwritten).
public struct LabelConflict: Sendable, Equatable {
    /// The full label key.
    public var key: String
    /// The value on the Node, which stays.
    public var nodeValue: String
    /// The value archlabeld computed.
    public var computedValue: String

    /// Creates a conflict record.
    public init(key: String, nodeValue: String, computedValue: String) {
        self.key = key
        self.nodeValue = nodeValue
        self.computedValue = computedValue
    }
}
