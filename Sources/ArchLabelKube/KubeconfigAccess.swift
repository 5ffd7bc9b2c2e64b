import ArchLabelProbes

extension Kubeconfig {
    /// The access parameters of the current context. `location` is the kubeconfig's absolute
    /// path as seen from `root`; relative file paths inside it are resolved against its directory,
    /// and every file is read through the same root (a kubeconfig found under `--root` refers to
    /// the host's files, so they are looked up under the root too).
    public func access(location: String, root: HostRoot) throws(CredentialError) -> ClusterAccess {
        let shown = root.displayPath(location)
        guard let contextName = currentContext, !contextName.isEmpty else {
            throw CredentialError("kubeconfig \(shown) has no current-context; set one with kubectl config use-context")
        }
        guard let context = contexts[contextName] else {
            throw CredentialError("kubeconfig \(shown): current-context \"\(contextName)\" is not among its contexts")
        }
        guard let cluster = clusters[context.cluster] else {
            throw CredentialError("kubeconfig \(shown): context \"\(contextName)\" names cluster \"\(context.cluster)\", which is not defined")
        }
        var user = User()
        if !context.user.isEmpty {
            guard let named = users[context.user] else {
                throw CredentialError("kubeconfig \(shown): context \"\(contextName)\" names user \"\(context.user)\", which is not defined")
            }
            user = named
        }
        guard ServerAddress(cluster.server) != nil else {
            throw CredentialError(
                "kubeconfig \(shown): cluster \"\(context.cluster)\" server \"\(cluster.server)\" is not an "
                    + "http:// or https:// URL with a host (and optional port and path)")
        }
        let directory = location.split(separator: "/").dropLast().joined(separator: "/")
        func material(_ data: [UInt8]?, _ dataField: String, _ path: String?) -> CredentialMaterial? {
            if let data { return .inline(data, origin: "\(dataField) in \(shown)") }
            guard let path, !path.isEmpty else { return nil }
            return .file(path.hasPrefix("/") ? path : "/\(directory)/\(path)", root: root)
        }
        var token: ClusterAccess.Token?
        if let value = user.token, !value.isEmpty {
            token = .inline(value, origin: "token in \(shown)")
        } else if let file = material(nil, "", user.tokenFile) {
            token = .file(file)
        }
        return ClusterAccess(
            source: "kubeconfig \(shown)",
            server: cluster.server,
            certificateAuthority: material(cluster.certificateAuthorityData, "certificate-authority-data", cluster.certificateAuthority),
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            clientCertificate: material(user.clientCertificateData, "client-certificate-data", user.clientCertificate),
            clientKey: material(user.clientKeyData, "client-key-data", user.clientKey),
            token: token
        )
    }
}
