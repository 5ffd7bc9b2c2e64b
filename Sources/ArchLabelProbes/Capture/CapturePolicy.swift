import ArchLabelCore

/// What a capture may hold. A capture is meant to be attached to a public bug report, so it never
/// holds credentials, keys, tokens or kubeconfigs, whatever read them (in `--capture` mode nothing
/// looks for credentials; this is the second line), and PID 1's environment is cut down to the
/// variable the probes use (a container's environment often carries secrets).
public enum CapturePolicy {
    /// Why `path` is never captured, or nil when it may be.
    public static func secretReason(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let lowered = name.lowercased()
        for (prefix, reason) in secretDirectories where path.hasPrefix(prefix) { return reason }
        if [".key", ".pem", ".crt", ".p12", ".pfx"].contains(where: lowered.hasSuffix) { return "a key or certificate" }
        if lowered.contains("token") { return "a token" }
        if lowered.hasSuffix(".kubeconfig") || ["kubeconfig", "k3s.yaml", "kubelet.conf", "admin.conf"].contains(lowered)
            || path.hasSuffix("/.kube/config") {
            return "a kubeconfig"
        }
        if ["/etc/shadow", "/etc/gshadow"].contains(path) || (path.hasPrefix("/etc/ssh/") && lowered.contains("key")) {
            return "a system secret"
        }
        return nil
    }

    /// Directories whose files are credentials or may hold them.
    static let secretDirectories: [(String, String)] = [
        ("/etc/rancher/", "k3s or RKE2 configuration, which may hold the cluster token"),
        ("/var/lib/rancher/k3s/server/", "k3s server state (keys, tokens)"),
        ("/var/lib/rancher/rke2/server/", "RKE2 server state (keys, tokens)"),
        ("/var/lib/rancher/k3s/agent/etc/containerd/", "containerd configuration, which may hold registry credentials"),
        ("/var/lib/rancher/rke2/agent/etc/containerd/", "containerd configuration, which may hold registry credentials"),
        ("/var/lib/kubelet/config.json", "kubelet registry credentials"),
        ("/var/snap/microk8s/current/credentials/", "MicroK8s credentials"),
        ("/var/lib/kubelet/pki/", "kubelet credentials"),
        ("/etc/kubernetes/", "Kubernetes credentials"),
        ("/run/secrets/", "mounted secrets"),
        ("/var/run/secrets/", "mounted secrets"),
    ]

    /// The bytes a capture keeps of the file at `path` that read as `bytes`, with the reason when
    /// they were cut down: a process's environment (`/proc/…/environ` at any depth, threads
    /// included) keeps only `container=`; a process's command line (`/proc/N/cmdline`, where
    /// `--token=…` may stand) keeps nothing. The kernel's own `/proc/cmdline` is kept whole.
    public static func kept(_ path: String, _ bytes: [UInt8]) -> (bytes: [UInt8], reason: String?) {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "proc" else { return (bytes, nil) }
        switch parts.last {
        case "environ":
            let kept = bytes.split(separator: 0).filter { $0.starts(with: Array("container=".utf8)) }
            return (kept.flatMap { Array($0) + [0] }, "only the container= variable kept")
        case "cmdline":
            return ([], "a process's command line, which may hold secrets")
        default:
            return (bytes, nil)
        }
    }
}
