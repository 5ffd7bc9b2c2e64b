import ArchLabelProbes
#if canImport(Glibc)
import Glibc
#endif

/// Finds the credentials to use, in the contract's order, first that exists:
///
/// 1. `--kubeconfig FILE` (as given; it must exist),
/// 2. `$KUBECONFIG` (the first existing file of its colon-separated list, as given),
/// 3. the in-cluster service account (`$KUBERNETES_SERVICE_HOST` and the pod's own
///    `/var/run/secrets/kubernetes.io/serviceaccount`, never under `--root`: it belongs to the
///    process, not to the host),
/// 4. k3s's agent kubeconfig `/var/lib/rancher/k3s/agent/kubelet.kubeconfig`: the node's own
///    identity, which NodeRestriction limits to this Node (least privilege),
/// 5. `/etc/rancher/k3s/k3s.yaml`, 6. `/etc/kubernetes/kubelet.conf`.
///
/// Locations 4–6 are looked up under the host root, and so are the files they refer to.
public struct CredentialDiscovery: Sendable {
    /// The kubeconfig locations archlabeld finds by itself, under the root, in order.
    public static let hostKubeconfigs = [
        "/var/lib/rancher/k3s/agent/kubelet.kubeconfig",
        "/etc/rancher/k3s/k3s.yaml",
        "/etc/kubernetes/kubelet.conf",
    ]
    /// The service-account directory of an in-cluster pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The host root (`--root`), for the locations archlabeld finds by itself.
    public let hostRoot: HostRoot
    /// The process's own file system, for explicit paths and the service account.
    public let processRoot: HostRoot
    /// `--kubeconfig`, if given.
    public let kubeconfigFlag: String?
    /// The process environment.
    public let environment: [String: String]

    /// Creates a discovery over the given roots, flag and environment.
    public init(hostRoot: HostRoot, processRoot: HostRoot, kubeconfigFlag: String?, environment: [String: String]) {
        self.hostRoot = hostRoot
        self.processRoot = processRoot
        self.kubeconfigFlag = kubeconfigFlag
        self.environment = environment
    }

    /// The first credentials that exist, or an error naming what was tried or what is wrong.
    public func discover() throws(CredentialError) -> ClusterAccess {
        if let flag = kubeconfigFlag, !flag.isEmpty {
            let path = HostRoot.absolute(flag)
            guard processRoot.exists(path) else {
                throw CredentialError("kubeconfig \(flag) (--kubeconfig): no such file")
            }
            return try load(path, root: processRoot)
        }
        var tried: [String] = []
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            for entry in list.split(separator: ":") where !entry.isEmpty {
                let path = HostRoot.absolute(String(entry))
                if processRoot.exists(path) { return try load(path, root: processRoot) }
            }
            tried.append("$KUBECONFIG=\(list)")
        }
        if let access = try inClusterAccess() { return access }
        tried.append("in-cluster service account")
        for location in CredentialDiscovery.hostKubeconfigs {
            if hostRoot.exists(location) { return try load(location, root: hostRoot) }
            tried.append(hostRoot.displayPath(location))
        }
        throw .noneFound(tried: tried)
    }

    private func load(_ path: String, root: HostRoot) throws(CredentialError) -> ClusterAccess {
        let bytes = try CredentialMaterial.file(path, root: root).read()
        let config: Kubeconfig
        do {
            config = try Kubeconfig(parsing: bytes, file: root.displayPath(path))
        } catch {
            throw CredentialError("invalid kubeconfig: \(error)")
        }
        return try config.access(location: path, root: root)
    }

    private func inClusterAccess() throws(CredentialError) -> ClusterAccess? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else { return nil }
        let directory = CredentialDiscovery.serviceAccountDirectory
        guard processRoot.exists("\(directory)/token") else { return nil }
        let port = environment["KUBERNETES_SERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "443"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let server = "https://\(hostPart):\(port)"
        guard ServerAddress(server) != nil else {
            throw CredentialError("$KUBERNETES_SERVICE_HOST and $KUBERNETES_SERVICE_PORT do not form a server URL (\(server))")
        }
        return ClusterAccess(
            source: "in-cluster service account (\(directory))",
            server: server,
            certificateAuthority: .file("\(directory)/ca.crt", root: processRoot),
            token: .file(.file("\(directory)/token", root: processRoot))
        )
    }
}
