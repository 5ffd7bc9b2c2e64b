/// What publishing needs to know of a live Node: its labels, its annotations and the
/// resourceVersion that a patch uses as its precondition.
public struct NodeLabelState: Sendable, Equatable {
    /// The Node's name.
    public var name: String
    /// `metadata.resourceVersion`, sent back with the patch for optimistic concurrency.
    public var resourceVersion: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `metadata.annotations`.
    public var annotations: [String: String]
    /// `status.nodeInfo.containerRuntimeVersion` (`containerd://1.7.22-k3s1`), a fact only the
    /// Node knows for k3s's embedded containerd.
    public var containerRuntimeVersion: String?

    /// Creates a state.
    public init(
        name: String, resourceVersion: String, labels: [String: String], annotations: [String: String],
        containerRuntimeVersion: String? = nil
    ) {
        self.name = name
        self.resourceVersion = resourceVersion
        self.labels = labels
        self.annotations = annotations
        self.containerRuntimeVersion = containerRuntimeVersion
    }
}
