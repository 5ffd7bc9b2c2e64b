extension TestAPIServer {
    /// Who a request is, after authentication: the user name and groups Kubernetes would see.
    public struct Identity: Sendable, Hashable {
        public var user: String
        public var groups: [String]

        public init(user: String, groups: [String] = []) {
            self.user = user
            self.groups = groups
        }

        /// The user of requests without credentials.
        public static let anonymous = Identity(user: "system:anonymous", groups: ["system:unauthenticated"])

        /// The kubelet identity of node `name` (CN=system:node:NAME, O=system:nodes).
        public static func node(_ name: String) -> Identity {
            Identity(user: "system:node:" + name, groups: ["system:nodes"])
        }

        /// The node name when this is a node identity as the Node authorizer recognises it.
        var nodeName: String? {
            guard groups.contains("system:nodes"), user.hasPrefix("system:node:") else { return nil }
            let name = user.dropFirst("system:node:".count)
            return name.isEmpty ? nil : String(name)
        }
    }

    /// How the server listens and whom it lets in.
    public struct Configuration: Sendable {
        /// Server certificate and client CA for HTTPS; nil serves plain HTTP.
        public var tls: TLS?
        /// The port to listen on, 0 for an ephemeral one. The host is always 127.0.0.1.
        public var port: Int
        /// Bearer tokens and the identities they authenticate.
        public var tokens: [String: Identity]
        /// Users with full access to nodes (like an RBAC binding of a ClusterRole on nodes).
        public var authorizedUsers: Set<String>
        /// Groups with full access to nodes; `system:masters` as in every cluster.
        public var authorizedGroups: Set<String>
        /// Users with some verbs on nodes, as a ClusterRole's rule on `nodes` bound to them
        /// (a DaemonSet's ServiceAccount: `system:serviceaccount:NAMESPACE:NAME`).
        public var nodeVerbsByUser: [String: Set<String>]
        /// How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK event (kube-apiserver:
        /// about once a minute; short here so that tests see bookmarks quickly).
        public var bookmarkInterval: Duration
        /// How long a watch without `timeoutSeconds` stays open before the server ends it.
        public var watchTimeout: Duration

        /// A server with the given TLS files, tokens and RBAC grants; watch timing defaults to a
        /// bookmark every second and a 300 s watch timeout.
        public init(
            tls: TLS?, port: Int = 0, tokens: [String: Identity] = [:],
            authorizedUsers: Set<String> = [], authorizedGroups: Set<String> = ["system:masters"],
            nodeVerbsByUser: [String: Set<String>] = [:], bookmarkInterval: Duration = .seconds(1), watchTimeout: Duration = .seconds(300)
        ) {
            self.tls = tls
            self.port = port
            self.tokens = tokens
            self.authorizedUsers = authorizedUsers
            self.authorizedGroups = authorizedGroups
            self.nodeVerbsByUser = nodeVerbsByUser
            self.bookmarkInterval = bookmarkInterval
            self.watchTimeout = watchTimeout
        }
    }

    /// PEM files for HTTPS. Client certificates are optional: a certificate the client presents
    /// must chain to `clientCAPath` (or the handshake fails), and a client without one falls back
    /// to a bearer token or anonymous, as kube-apiserver does.
    public struct TLS: Sendable {
        public var certificateChainPath: String
        public var privateKeyPath: String
        /// Trust anchors for client certificates; nil asks for no client certificate at all.
        public var clientCAPath: String?

        public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String?) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
            self.clientCAPath = clientCAPath
        }
    }
}
