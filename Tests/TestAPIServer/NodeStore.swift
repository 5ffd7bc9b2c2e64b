import ArchLabelCore
import Foundation

/// One Node object as the test API server keeps it.
public struct StoredNode: Sendable, Equatable {
    public var name: String
    public var uid: String
    public var creationTimestamp: String
    /// The global counter value of this node's last write, rendered as a string on the wire.
    public var resourceVersion: Int
    public var labels: [String: String]
    public var annotations: [String: String]
    /// `spec` as sent by clients (e.g. `unschedulable`, `taints`); kept verbatim.
    public var spec: [String: JSONValue]
    /// `status.nodeInfo.architecture`.
    public var architecture: String
}

/// One change to the store, in resourceVersion order: what a watch replays.
public struct NodeEvent: Sendable, Equatable {
    /// The watch event type.
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    /// What happened to the node.
    public var kind: Kind
    /// The node after the change (before it, for a deletion), with the event's resourceVersion.
    public var node: StoredNode
}

/// The in-memory Node store: objects, one global resourceVersion counter bumped by every write,
/// the event history watches replay, and the open watches each new event goes to. Not
/// thread-safe; the server locks it.
struct NodeStore {
    private(set) var resourceVersion = 1
    private(set) var nodes: [String: StoredNode] = [:]
    private(set) var events: [NodeEvent] = []
    /// The oldest resourceVersion a new watch may start from; older ones are "too old" (410).
    private(set) var oldestWatchable = 1
    /// The open watches; every recorded event is handed to those whose selector it matches.
    var watchers = WatchRegistry()

    /// Creates or replaces a node as its kubelet would register it; labels default to the
    /// kubelet's own (hostname, arch=arm64, os=linux), `labels` overrides them.
    mutating func register(_ name: String, labels: [String: String], annotations: [String: String]) {
        let defaults = ["kubernetes.io/hostname": name, "kubernetes.io/arch": "arm64", "kubernetes.io/os": "linux"]
        let merged = defaults.merging(labels) { _, given in given }
        resourceVersion += 1
        let node = StoredNode(
            name: name, uid: UUID().uuidString.lowercased(),
            creationTimestamp: Date().formatted(.iso8601), resourceVersion: resourceVersion,
            labels: merged, annotations: annotations, spec: [:],
            architecture: merged["kubernetes.io/arch"] ?? "arm64")
        let existed = nodes[name] != nil
        nodes[name] = node
        record(NodeEvent(kind: existed ? .modified : .added, node: node))
    }

    /// Applies `change` and records a write, even when nothing changed (another actor's update).
    mutating func update(_ name: String, _ change: (inout StoredNode) -> Void) {
        guard var node = nodes[name] else { return }
        change(&node)
        node.name = name
        write(node)
    }

    /// Stores `node` (same name) as a new revision.
    @discardableResult
    mutating func write(_ node: StoredNode) -> StoredNode {
        var node = node
        resourceVersion += 1
        node.resourceVersion = resourceVersion
        nodes[node.name] = node
        record(NodeEvent(kind: .modified, node: node))
        return node
    }

    mutating func delete(_ name: String) {
        guard var node = nodes.removeValue(forKey: name) else { return }
        resourceVersion += 1
        node.resourceVersion = resourceVersion
        record(NodeEvent(kind: .deleted, node: node))
    }

    /// Makes every resourceVersion up to the current one too old for new watches, as etcd's
    /// compaction does, and advances the resourceVersion once, as some other object's write in
    /// the cluster would: a list after it returns a resourceVersion a watch may start from.
    /// Open watches go on; the history in `events` is kept for tests to read.
    mutating func compact() {
        resourceVersion += 1
        oldestWatchable = resourceVersion
    }

    /// What a new watch from `start` begins with, for nodes matching `selector`: a synthetic
    /// ADDED per current node for `.current`, the recorded events after the resourceVersion for
    /// `.after`. Throws 410 Expired when that resourceVersion is too old.
    func initialEvents(from start: WatchRequest.Start, selector: FieldSelector) throws(APIError) -> [NodeEvent] {
        switch start {
        case .current:
            return nodes.values.filter(selector.matches).sorted { $0.name < $1.name }.map { NodeEvent(kind: .added, node: $0) }
        case .after(let version):
            guard version >= oldestWatchable else { throw .expired(resourceVersion: version, oldest: oldestWatchable) }
            return events.filter { $0.node.resourceVersion > version && selector.matches($0.node) }
        }
    }

    private mutating func record(_ event: NodeEvent) {
        events.append(event)
        watchers.deliver(event)
    }
}
