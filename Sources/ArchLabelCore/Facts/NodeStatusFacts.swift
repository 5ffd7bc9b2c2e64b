extension HostFacts {
    /// The facts completed with what only the Node object knows. k3s's embedded containerd has no
    /// file that reveals its version, but the kubelet reports it in
    /// `status.nodeInfo.containerRuntimeVersion` (`containerd://1.7.22-k3s1`). It is used only
    /// when the probes found the runtime and not its version, and only when the runtime names
    /// agree; a value that is not a valid label value is ignored.
    public func completed(withNodeRuntimeVersion reported: String?) -> HostFacts {
        guard let reported, containerRuntimeVersion == nil, let runtime = containerRuntime?.value else { return self }
        let parts = reported.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == runtime, LabelSyntax.isValidValue(String(parts[1])), !parts[1].isEmpty else {
            return self
        }
        var facts = self
        facts.containerRuntimeVersion = Fact(
            String(parts[1]), Evidence("Node status.nodeInfo.containerRuntimeVersion", reported))
        return facts
    }
}
