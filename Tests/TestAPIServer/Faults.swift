extension TestAPIServer {
    /// A failure the server produces instead of (or before) handling a request normally.
    public enum Fault: Sendable, Equatable {
        /// Answers with `code` and a `Status` whose reason is kube-apiserver's for that code;
        /// `retryAfterSeconds` adds the `Retry-After` header and `details.retryAfterSeconds`.
        case status(Int, message: String, retryAfterSeconds: Int? = nil)
        /// Waits, then handles the request normally.
        case delay(Duration)
        /// Closes the TCP connection without answering.
        case dropConnection
    }

    /// Which requests a fault or a hook applies to; every non-nil field must match.
    public struct RequestMatcher: Sendable {
        /// Upper-case HTTP methods, nil for any.
        public var methods: Set<String>?
        /// The exact path (without the query), nil for any.
        public var path: String?
        /// True for watch requests only (`watch=1` or `watch=true` in the query), false for
        /// everything but watches, nil for both.
        public var watch: Bool?

        /// Matches requests with one of `methods`, on `path` and, when `watch` is set, being
        /// (or not being) a watch; nil matches anything.
        public init(methods: Set<String>? = nil, path: String? = nil, watch: Bool? = nil) {
            self.methods = methods
            self.path = path
            self.watch = watch
        }

        /// Every request.
        public static let any = RequestMatcher()
        /// PATCH, PUT, POST and DELETE.
        public static let writes = RequestMatcher(methods: ["PATCH", "PUT", "POST", "DELETE"])
        /// Watches of nodes (`GET /api/v1/nodes?watch=1…`).
        public static let watches = RequestMatcher(methods: ["GET"], path: "/api/v1/nodes", watch: true)

        /// Requests with `method` on any path.
        public static func method(_ method: String) -> RequestMatcher {
            RequestMatcher(methods: [method.uppercased()])
        }

        /// Requests on `/api/v1/nodes/NAME`, optionally only with `method`.
        public static func node(_ name: String, method: String? = nil) -> RequestMatcher {
            RequestMatcher(methods: method.map { [$0.uppercased()] }, path: "/api/v1/nodes/" + name)
        }

        func matches(_ request: IncomingRequest) -> Bool {
            (methods?.contains(request.method) ?? true) && (path.map { $0 == request.path } ?? true)
                && (watch.map { $0 == request.isWatch } ?? true)
        }
    }
}

/// Faults and hooks waiting for requests, each used up in the order it was added.
struct PendingInterventions {
    struct QueuedFault {
        let fault: TestAPIServer.Fault
        let matcher: TestAPIServer.RequestMatcher
        var remaining: Int
    }

    struct Hook {
        let matcher: TestAPIServer.RequestMatcher
        let action: @Sendable () -> Void
    }

    private var faults: [QueuedFault] = []
    private var hooks: [Hook] = []

    mutating func add(_ fault: TestAPIServer.Fault, matcher: TestAPIServer.RequestMatcher, times: Int) {
        guard times > 0 else { return }
        faults.append(QueuedFault(fault: fault, matcher: matcher, remaining: times))
    }

    mutating func add(_ hook: Hook) { hooks.append(hook) }

    /// Removes and returns every hook matching the request.
    mutating func takeHooks(for request: IncomingRequest) -> [Hook] {
        let taken = hooks.filter { $0.matcher.matches(request) }
        hooks.removeAll { $0.matcher.matches(request) }
        return taken
    }

    /// Uses up one count of the first fault matching the request.
    mutating func takeFault(for request: IncomingRequest) -> TestAPIServer.Fault? {
        guard let index = faults.firstIndex(where: { $0.matcher.matches(request) }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return fault
    }
}
