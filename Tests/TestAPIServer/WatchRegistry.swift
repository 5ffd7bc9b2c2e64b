import ArchLabelCore
import NIOCore

/// What the server hands an open watch stream, in order, on the stream's event loop.
enum WatchMessage: Sendable {
    /// One rendered watch event line (`WatchLine`), to write as one chunk and flush.
    case line(ByteBuffer)
    /// End the response cleanly (the terminating chunk).
    case end
}

/// The open watches: each one's field selector and the way to reach its stream. Lives in the
/// locked `NodeStore`, so an event is handed to the watches in the order the writes happened;
/// `send` only enqueues on the stream's event loop and never blocks the lock.
struct WatchRegistry {
    /// One open watch.
    struct Watcher: Sendable {
        let selector: FieldSelector
        let send: @Sendable (WatchMessage) -> Void
    }

    private var watchers: [Int: Watcher] = [:]
    private var lastID = 0

    /// How many watches are open.
    var count: Int { watchers.count }

    /// Adds a watch and returns its id.
    mutating func add(_ watcher: Watcher) -> Int {
        lastID += 1
        watchers[lastID] = watcher
        return lastID
    }

    /// Removes watch `id`, returning it if it was still open.
    mutating func remove(_ id: Int) -> Watcher? {
        watchers.removeValue(forKey: id)
    }

    /// Removes every watch, returning them.
    mutating func removeAll() -> [Watcher] {
        defer { watchers = [:] }
        return Array(watchers.values)
    }

    /// Sends `message` to watch `id` if it is open.
    func send(_ message: WatchMessage, to id: Int) {
        watchers[id]?.send(message)
    }

    /// Renders `event` once and sends it to every watch whose selector matches its node.
    func deliver(_ event: NodeEvent) {
        let matching = watchers.values.filter { $0.selector.matches(event.node) }
        guard !matching.isEmpty else { return }
        let line = WatchLine.event(event)
        for watcher in matching { watcher.send(.line(line)) }
    }
}

/// Watch events on the wire, as kube-apiserver's JSON watch encoder writes them: one object per
/// line, `type` before `object`, a newline after each.
enum WatchLine {
    /// `{"type":"ADDED|MODIFIED|DELETED","object":NODE}`.
    static func event(_ event: NodeEvent) -> ByteBuffer {
        line(type: event.kind.rawValue, object: event.node.json)
    }

    /// `{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"RV"}}}`.
    static func bookmark(resourceVersion: Int) -> ByteBuffer {
        line(type: "BOOKMARK", object: .object([
            "kind": .string("Node"), "apiVersion": .string("v1"),
            "metadata": .object(["resourceVersion": .string(String(resourceVersion))]),
        ]))
    }

    /// `{"type":"ERROR","object":STATUS}`.
    static func error(_ error: APIError) -> ByteBuffer {
        line(type: "ERROR", object: error.status)
    }

    private static func line(type: String, object: JSONValue) -> ByteBuffer {
        ByteBuffer(string: #"{"type":""# + type + #"","object":"# + object.serialized(indent: 0) + "}\n")
    }
}
