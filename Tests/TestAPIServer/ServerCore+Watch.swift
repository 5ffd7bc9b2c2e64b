import ArchLabelCore

/// A watch of the node collection that passed authentication, authorization and its parameter
/// checks: `GET /api/v1/nodes?watch=1` with `fieldSelector`, `resourceVersion`,
/// `allowWatchBookmarks` and `timeoutSeconds`.
struct WatchRequest: Sendable {
    /// Where the watch begins.
    enum Start: Sendable, Equatable {
        /// The current nodes as synthetic ADDED events (`resourceVersion` absent, "" or "0").
        case current
        /// The recorded events after this resourceVersion.
        case after(Int)
    }

    var request: IncomingRequest
    var user: String
    var selector: FieldSelector
    var start: Start
    var bookmarks: Bool
    /// From `timeoutSeconds`; nil (absent or 0) for the configured default.
    var timeout: Duration?

    /// Whether a query parameter is true as Go's `strconv.ParseBool` reads it, which is how
    /// kube-apiserver decodes `watch` and `allowWatchBookmarks`.
    static func isTrue(_ value: String?) -> Bool {
        value.map { ["1", "t", "T", "TRUE", "true", "True"].contains($0) } ?? false
    }

    /// Whether `query` asks for a watch.
    static func isWatch(_ query: QueryString) -> Bool { isTrue(query.value("watch")) }

    init(_ request: IncomingRequest, user: String, query: QueryString) throws(APIError) {
        if query.value("labelSelector").map({ !$0.isEmpty }) == true {
            throw .badRequest("labelSelector is not implemented by the test API server")
        }
        self.request = request
        self.user = user
        selector = try FieldSelector(query.value("fieldSelector") ?? "")
        switch query.value("resourceVersion") ?? "" {
        case "", "0":
            start = .current
        case let text:
            guard let version = Int(text), version > 0 else { throw .badRequest("invalid resource version: \(text)") }
            start = .after(version)
        }
        bookmarks = Self.isTrue(query.value("allowWatchBookmarks"))
        switch query.value("timeoutSeconds") ?? "" {
        case "", "0":
            timeout = nil
        case let text:
            guard let seconds = Int(text), seconds > 0 else { throw .badRequest("invalid timeoutSeconds: \(text)") }
            timeout = .seconds(seconds)
        }
    }
}

/// How a watch begins: open, with the events to write first, or already over.
enum WatchOpening {
    /// Registered as watch `id`; `initial` goes out before any live event.
    case open(id: Int, initial: [NodeEvent])
    /// The resourceVersion is too old: one ERROR event with this Status, then the end.
    case expired(APIError)
}

/// Watches: opening one atomically with its replay, bookmarks, and ending them.
extension ServerCore {
    /// The checked watch when `request` is a watch of the node collection, nil for anything else.
    /// A node identity may watch; the Node authorizer's RBAC subset decides for the rest, with the
    /// name from a `metadata.name=` field selector, as kube's request info sets it.
    func watchRequest(_ request: IncomingRequest, identity: TestAPIServer.Identity) throws(APIError) -> WatchRequest? {
        guard request.path == "/api/v1/nodes", request.method == "GET" else { return nil }
        let query = QueryString(request.query)
        guard WatchRequest.isWatch(query) else { return nil }
        try authorization.authorize(identity, verb: "watch", node: FieldSelector.exactName(in: query))
        return try WatchRequest(request, user: identity.user, query: query)
    }

    /// Records the request (200) and, in one critical section with it, computes the initial
    /// events and registers `send` for every later matching event, so none is lost or repeated.
    func openWatch(_ watch: WatchRequest, send: @escaping @Sendable (WatchMessage) -> Void) -> WatchOpening {
        state.withLock { state in
            state.requests.append(RecordedRequest(watch.request, user: watch.user, status: 200))
            do throws(APIError) {
                let initial = try state.store.initialEvents(from: watch.start, selector: watch.selector)
                let id = state.store.watchers.add(WatchRegistry.Watcher(selector: watch.selector, send: send))
                return .open(id: id, initial: initial)
            } catch {
                return .expired(error)
            }
        }
    }

    /// Sends watch `id` a BOOKMARK with the current resourceVersion, behind every event already
    /// sent to it.
    func sendBookmark(to id: Int) {
        state.withLock { state in
            state.store.watchers.send(.line(WatchLine.bookmark(resourceVersion: state.store.resourceVersion)), to: id)
        }
    }

    /// Ends watch `id` behind every event already sent to it; nothing when it already ended.
    func endWatch(_ id: Int) {
        state.withLock { $0.store.watchers.remove(id) }?.send(.end)
    }

    /// Ends every open watch behind the events already sent to it.
    func endWatches() {
        for watcher in state.withLock({ $0.store.watchers.removeAll() }) { watcher.send(.end) }
    }
}
