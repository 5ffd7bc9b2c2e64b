import ArchLabelCore

/// Who may do what: the Node authorizer plus a subset of RBAC (configured users and groups with
/// full access to nodes, users with some verbs on nodes), and the NodeRestriction admission
/// plugin's rules for kubelet identities.
struct Authorization: Sendable {
    let authorizedUsers: Set<String>
    let authorizedGroups: Set<String>
    let nodeVerbsByUser: [String: Set<String>]

    /// The verbs the Node authorizer grants a kubelet on nodes; NodeRestriction narrows writes.
    static let nodeVerbs: Set<String> = ["get", "list", "watch", "patch", "update"]

    private func hasFullAccess(_ identity: TestAPIServer.Identity) -> Bool {
        authorizedUsers.contains(identity.user) || identity.groups.contains(where: authorizedGroups.contains)
    }

    /// Throws RBAC's Forbidden unless `identity` may `verb` nodes (`name` nil for list).
    func authorize(_ identity: TestAPIServer.Identity, verb: String, node name: String?) throws(APIError) {
        if hasFullAccess(identity) { return }
        if identity.nodeName != nil, Self.nodeVerbs.contains(verb) { return }
        if nodeVerbsByUser[identity.user]?.contains(verb) == true { return }
        throw .forbidden(user: identity.user, verb: verb, node: name)
    }

    /// Discovery and other non-resource paths: every authenticated user (system:discovery).
    func authorize(_ identity: TestAPIServer.Identity, path: String) throws(APIError) {
        if identity.user == TestAPIServer.Identity.anonymous.user { throw .forbidden(user: identity.user, path: path) }
    }

    /// NodeRestriction on an update of node `old` to `new` by `identity`; like the real plugin it
    /// restricts every node identity, whatever else it may be authorized for.
    func admit(_ identity: TestAPIServer.Identity, old: StoredNode, new: StoredNode) throws(APIError) {
        guard let nodeName = identity.nodeName else { return }
        guard nodeName == old.name else {
            throw .admissionDenied(node: old.name, "node \"\(nodeName)\" is not allowed to modify node \"\(old.name)\"")
        }
        if old.spec["taints"] != new.spec["taints"] {
            throw .admissionDenied(node: old.name, "node \"\(nodeName)\" is not allowed to modify taints")
        }
        let changed = Set(old.labels.keys).union(new.labels.keys).filter { old.labels[$0] != new.labels[$0] }
        let forbidden = changed.filter(Self.isForbiddenForNodes).sorted()
        if !forbidden.isEmpty {
            throw .admissionDenied(node: old.name, "is not allowed to modify labels: " + forbidden.joined(separator: ", "))
        }
    }

    /// Labels the kubelet sets itself, which NodeRestriction lets a node change.
    static let kubeletLabels: Set<String> = [
        "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
        "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
        "node.kubernetes.io/instance-type",
        "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
        "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
    ]

    /// A label a node may not add, change or remove: `node-restriction.kubernetes.io/` (and
    /// subdomains), and `kubernetes.io`/`k8s.io` keys that are not the kubelet's own.
    static func isForbiddenForNodes(_ key: String) -> Bool {
        let domain = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).count == 2
            ? String(key.prefix { $0 != "/" }) : ""
        let within = { (parent: String) in domain == parent || domain.hasSuffix("." + parent) }
        if within("node-restriction.kubernetes.io") { return true }
        guard within("kubernetes.io") || within("k8s.io") else { return false }
        let isKubeletLabel = kubeletLabels.contains(key) || within("kubelet.kubernetes.io") || within("node.kubernetes.io")
        return !isKubeletLabel
    }
}
