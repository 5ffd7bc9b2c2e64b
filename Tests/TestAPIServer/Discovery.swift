import ArchLabelCore

/// The documents kubectl reads before it touches a Node: the server version, the legacy (not
/// aggregated) discovery of the core group with only `nodes`, and no other API groups.
enum Discovery {
    /// `GET /version`, as a k3s v1.31 server on a Pi answers it.
    static let version: JSONValue = .object([
        "major": .string("1"), "minor": .string("31"), "gitVersion": .string("v1.31.4+k3s1"),
        "gitCommit": .string("0000000000000000000000000000000000000000"), "gitTreeState": .string("clean"),
        "buildDate": .string("2024-12-12T00:00:00Z"), "goVersion": .string("go1.22.9"), "compiler": .string("gc"),
        "platform": .string("linux/arm64"),
    ])

    /// `GET /api`.
    static let apiVersions: JSONValue = .object([
        "kind": .string("APIVersions"), "versions": .array([.string("v1")]), "serverAddressByClientCIDRs": .array([]),
    ])

    /// `GET /apis`: no groups besides the core one.
    static let apiGroupList: JSONValue = .object([
        "kind": .string("APIGroupList"), "apiVersion": .string("v1"), "groups": .array([]),
    ])

    /// `GET /api/v1`: the one resource this server serves.
    static let coreV1Resources: JSONValue = .object([
        "kind": .string("APIResourceList"), "groupVersion": .string("v1"),
        "resources": .array([
            .object([
                "name": .string("nodes"), "singularName": .string("node"), "namespaced": .bool(false),
                "kind": .string("Node"), "verbs": .array(["get", "list", "patch", "update", "watch"].map(JSONValue.string)),
                "shortNames": .array([.string("no")]),
            ])
        ]),
    ])
}
