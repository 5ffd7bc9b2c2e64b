import ArchLabelCore

/// The endpoints: discovery and version, the Node list, and get/patch/put of one Node. Watches
/// of the node list are `ServerCore+Watch.swift`.
extension ServerCore {
    func route(_ request: IncomingRequest, identity: TestAPIServer.Identity) throws(APIError) -> HTTPResponse {
        let path = request.path
        let nodePrefix = "/api/v1/nodes/"
        if path == "/api/v1/nodes" {
            guard request.method == "GET" else { throw .methodNotAllowed }
            let query = QueryString(request.query)
            try authorization.authorize(identity, verb: "list", node: FieldSelector.exactName(in: query))
            return .json(try listNodes(query))
        }
        if path.hasPrefix(nodePrefix), case let name = String(path.dropFirst(nodePrefix.count)), !name.isEmpty, !name.contains("/") {
            return try nodeRequest(request, name: name, identity: identity)
        }
        if ["/healthz", "/livez", "/readyz", "/version"].contains(path) {
            guard request.method == "GET" else { throw .methodNotAllowed }
            if path == "/version" { return .json(Discovery.version) }
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("ok".utf8))
        }
        try authorization.authorize(identity, path: path)
        let document: JSONValue
        switch path {
        case "/api": document = Discovery.apiVersions
        case "/apis": document = Discovery.apiGroupList
        case "/api/v1": document = Discovery.coreV1Resources
        default: throw .pathNotFound
        }
        guard request.method == "GET" else { throw .methodNotAllowed }
        return .json(document)
    }

    private func nodeRequest(_ request: IncomingRequest, name: String, identity: TestAPIServer.Identity) throws(APIError) -> HTTPResponse {
        switch request.method {
        case "GET":
            try authorization.authorize(identity, verb: "get", node: name)
            guard let node = state.withLock({ $0.store.nodes[name] }) else { throw .notFound(node: name) }
            return .json(node.json)
        case "PATCH":
            try authorization.authorize(identity, verb: "patch", node: name)
            guard let contentType = request.headers["content-type"], let kind = PatchKind(contentType: contentType) else {
                throw .unsupportedMediaType
            }
            let patch = try Self.parse(request.body)
            return .json(try update(name, identity: identity) { (current) throws(APIError) in try kind.apply(patch, to: current) })
        case "PUT":
            try authorization.authorize(identity, verb: "update", node: name)
            let object = try Self.parse(request.body)
            return .json(try update(name, identity: identity) { (_) throws(APIError) in object })
        default:
            throw .methodNotAllowed
        }
    }

    /// Reads, changes and writes node `name` under the lock, in kube-apiserver's order: 404,
    /// the patch itself (400/422), the name (400), NodeRestriction (403), the resourceVersion
    /// precondition (409), validation (422). A change that changes nothing writes nothing.
    private func update(
        _ name: String, identity: TestAPIServer.Identity, _ change: (JSONValue) throws(APIError) -> JSONValue
    ) throws(APIError) -> JSONValue {
        try state.withLock { (state) throws(APIError) -> JSONValue in
            guard let current = state.store.nodes[name] else { throw .notFound(node: name) }
            let object = try change(current.json)
            let updated = try current.updated(from: object)
            try authorization.admit(identity, old: current, new: updated)
            try current.checkPrecondition(of: object)
            let causes = MetadataValidation.causes(labels: updated.labels, annotations: updated.annotations)
            if !causes.isEmpty { throw .invalid(node: name, causes) }
            guard updated != current else { return current.json }
            return state.store.write(updated).json
        }
    }

    private func listNodes(_ query: QueryString) throws(APIError) -> JSONValue {
        if query.value("labelSelector").map({ !$0.isEmpty }) == true {
            throw .badRequest("labelSelector is not implemented by the test API server")
        }
        let selector = try FieldSelector(query.value("fieldSelector") ?? "")
        return state.withLock { state in
            StoredNode.list(state.store.nodes.values.filter(selector.matches), resourceVersion: state.store.resourceVersion)
        }
    }

    static func parse(_ body: [UInt8]) throws(APIError) -> JSONValue {
        do {
            return try JSONDocument.parse(body)
        } catch {
            throw .badRequest(error.message)
        }
    }
}

/// `metadata.name=pi4`, `metadata.name==pi4`, `metadata.name!=pi4`, comma-separated; the only
/// field of a Node the test server selects on.
struct FieldSelector {
    let requirements: [(equal: Bool, value: String)]

    init(_ text: String) throws(APIError) {
        var requirements: [(Bool, String)] = []
        for term in text.split(separator: ",") {
            let (field, equal, value): (Substring, Bool, Substring)
            if let range = term.firstRange(of: "!=") {
                (field, equal, value) = (term[..<range.lowerBound], false, term[range.upperBound...])
            } else if let range = term.firstRange(of: "==") ?? term.firstRange(of: "=") {
                (field, equal, value) = (term[..<range.lowerBound], true, term[range.upperBound...])
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            guard field == "metadata.name" else { throw .badRequest("field label not supported: \(field)") }
            requirements.append((equal, String(value)))
        }
        self.requirements = requirements
    }

    func matches(_ node: StoredNode) -> Bool {
        requirements.allSatisfy { ($0.value == node.name) == $0.equal }
    }

    /// The node name a list or watch is about when its field selector is exactly
    /// `metadata.name=NAME`: kube's request info then authorizes it as a request on that node.
    static func exactName(in query: QueryString) -> String? {
        guard let selector = try? FieldSelector(query.value("fieldSelector") ?? ""), selector.requirements.count == 1,
            let requirement = selector.requirements.first, requirement.equal
        else { return nil }
        return requirement.value
    }
}
