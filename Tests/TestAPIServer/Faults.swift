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

        public init(methods: Set<String>? = nil, path: String? = nil) {
            self.methods = methods
            self.path = path
        }

        public static let any = RequestMatcher()
        /// PATCH, PUT, POST and DELETE.
        public static let writes = RequestMatcher(methods: ["PATCH", "PUT", "POST", "DELETE"])

        public static func method(_ method: String) -> RequestMatcher {
            RequestMatcher(methods: [method.uppercased()])
        }

        /// Requests on `/api/v1/nodes/NAME`, optionally only with `method`.
        public static func node(_ name: String, method: String? = nil) -> RequestMatcher {
            RequestMatcher(methods: method.map { [$0.uppercased()] }, path: "/api/v1/nodes/" + name)
        }

        func matches(method: String, path: String) -> Bool {
            (methods?.contains(method) ?? true) && (self.path.map { $0 == path } ?? true)
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
    mutating func takeHooks(method: String, path: String) -> [Hook] {
        let taken = hooks.filter { $0.matcher.matches(method: method, path: path) }
        hooks.removeAll { $0.matcher.matches(method: method, path: path) }
        return taken
    }

    /// Uses up one count of the first fault matching the request.
    mutating func takeFault(method: String, path: String) -> TestAPIServer.Fault? {
        guard let index = faults.firstIndex(where: { $0.matcher.matches(method: method, path: path) }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining == 0 { faults.remove(at: index) }
        return fault
    }
}
