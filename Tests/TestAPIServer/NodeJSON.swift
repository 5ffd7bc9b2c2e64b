import ArchLabelCore

/// Nodes on the wire: the v1 `Node` and `NodeList` documents, and reading a patched or PUT
/// `Node` document back into the store's fields.
extension StoredNode {
    var json: JSONValue {
        var metadata: [String: JSONValue] = [
            "name": .string(name), "uid": .string(uid), "resourceVersion": .string(String(resourceVersion)),
            "creationTimestamp": .string(creationTimestamp),
        ]
        // Empty maps are omitted, as Go's `omitempty` does.
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues(JSONValue.string)) }
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues(JSONValue.string)) }
        let nodeInfo: [String: JSONValue] = [
            "containerRuntimeVersion": .string("containerd://1.7.22-k3s1"), "kubeletVersion": .string("v1.31.4+k3s1"),
            "architecture": .string(architecture), "operatingSystem": .string("linux"),
        ]
        return .object([
            "kind": .string("Node"), "apiVersion": .string("v1"), "metadata": .object(metadata),
            "spec": .object(spec), "status": .object(["nodeInfo": .object(nodeInfo)]),
        ])
    }

    static func list(_ nodes: [StoredNode], resourceVersion: Int) -> JSONValue {
        .object([
            "kind": .string("NodeList"), "apiVersion": .string("v1"),
            "metadata": .object(["resourceVersion": .string(String(resourceVersion))]),
            "items": .array(nodes.sorted { $0.name < $1.name }.map(\.json)),
        ])
    }

    /// This node with labels, annotations and spec taken from `object`; status and the other
    /// metadata stay the server's. Throws 400 for wrong types or another name.
    func updated(from object: JSONValue) throws(APIError) -> StoredNode {
        let metadata = object[member: "metadata"] ?? .object([:])
        let given = metadata[member: "name"] ?? .string("")  // a PUT without a name does not match either
        if given != .string(name) {
            let shown = if case .string(let text) = given { text } else { given.serialized(indent: 0) }
            throw .badRequest("the name of the object (\(shown)) does not match the name on the URL (\(name))")
        }
        var node = self
        node.labels = try Self.stringMap(metadata[member: "labels"], field: "labels")
        node.annotations = try Self.stringMap(metadata[member: "annotations"], field: "annotations")
        switch object[member: "spec"] {
        case nil, .null: node.spec = [:]
        case .object(let members): node.spec = members
        case let other?: throw Self.typeError(other, field: "Node.spec", of: "v1.NodeSpec")
        }
        return node
    }

    /// Throws 409 when `object` sets `metadata.resourceVersion` to anything but this node's: an
    /// update precondition, as in kube (absent or empty means unconditional).
    func checkPrecondition(of object: JSONValue) throws(APIError) {
        switch object[member: "metadata"]?[member: "resourceVersion"] {
        case nil, .null, .string(""): return
        case .string(String(resourceVersion)): return
        case .string: throw .conflict(node: name)
        case let other?: throw Self.typeError(other, field: "ObjectMeta.metadata.resourceVersion", of: "string")
        }
    }

    private static func stringMap(_ value: JSONValue?, field: String) throws(APIError) -> [String: String] {
        switch value {
        case nil, .null: return [:]
        case .object(let members):
            var map: [String: String] = [:]
            for (key, member) in members {
                guard case .string(let text) = member else {
                    throw typeError(member, field: "ObjectMeta.metadata.\(field)", of: "string")
                }
                map[key] = text
            }
            return map
        case let other?:
            throw typeError(other, field: "ObjectMeta.metadata.\(field)", of: "map[string]string")
        }
    }

    private static func typeError(_ value: JSONValue, field: String, of type: String) -> APIError {
        .badRequest("json: cannot unmarshal \(value.goTypeName) into Go struct field \(field) of type \(type)")
    }
}
