import ArchLabelCore

/// The container runtime: its socket (k3s's own containerd first), and its version where the
/// machine reveals it (the Debian package database). k3s's embedded containerd has no such file;
/// the Node object's `status.nodeInfo.containerRuntimeVersion` will say it once publishing exists.
enum ContainerRuntimeProbe {
    static let sockets: [(path: String, runtime: String, packages: [String])] = [
        ("/run/k3s/containerd/containerd.sock", "containerd", []),
        ("/run/containerd/containerd.sock", "containerd", ["containerd.io", "containerd"]),
        ("/run/crio/crio.sock", "cri-o", ["cri-o"]),
        ("/var/run/crio/crio.sock", "cri-o", ["cri-o"]),
        ("/run/docker.sock", "docker", ["docker-ce", "docker.io", "moby-engine"]),
        ("/var/run/docker.sock", "docker", ["docker-ce", "docker.io", "moby-engine"]),
    ]

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        guard let socket = sockets.first(where: { context.exists($0.path) }) else { return }
        facts.containerRuntime = Fact(socket.runtime, Evidence(socket.path, "exists"))
        guard !socket.packages.isEmpty,
              let status = context.text("/var/lib/dpkg/status", limit: ProbeContext.largeFileLimit),
              let installed = DpkgStatus.installedVersion(of: socket.packages, parsing: status) else { return }
        facts.containerRuntimeVersion = Fact(installed.version,
                                             Evidence("/var/lib/dpkg/status", "\(installed.package) \(installed.version)"))
    }
}
