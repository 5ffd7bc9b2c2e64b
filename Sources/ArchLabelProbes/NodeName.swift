import ArchLabelCore
import ArchLabelYAML
#if canImport(Glibc)
import Glibc
#endif

/// The name of this node's Node object, in the contract's order: `--node-name`, `$NODE_NAME`,
/// `node-name` in k3s's config (/etc/rancher/k3s/config.yaml under the root), the host name
/// lower-cased as k3s does (the live host name, or /etc/hostname under a given root).
public enum NodeName {
    public static func resolve(flag: String?, environment: [String: String], root: HostRoot) -> Fact<String>? {
        if let flag, !flag.isEmpty { return Fact(flag, Evidence("--node-name", flag)) }
        if let value = environment["NODE_NAME"], !value.isEmpty { return Fact(value, Evidence("$NODE_NAME", value)) }
        let k3sConfig = "/etc/rancher/k3s/config.yaml"
        if case .bytes(let bytes, _) = root.read(k3sConfig, limit: 64 << 10),
           let name = k3sNodeName(bytes) {
            return Fact(name, Evidence(k3sConfig, "node-name: \(name)"))
        }
        if root.isLiveHost, let name = liveHostName() { return Fact(name.lowercased(), Evidence("gethostname(2)", name)) }
        if case .bytes(let bytes, _) = root.read("/etc/hostname", limit: 4096) {
            let name = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init)
            if let name { return Fact(name.lowercased(), Evidence("/etc/hostname", name)) }
        }
        return nil
    }

    /// The top-level `node-name` of a k3s config file; nil when absent, empty or not YAML.
    static func k3sNodeName(_ bytes: [UInt8]) -> String? {
        guard let root = try? YAMLParser.parse(bytes, file: "config.yaml"),
              let name = try? YAMLValue(root: root, file: "config.yaml").mapping()["node-name"]?.string(),
              !name.isEmpty
        else { return nil }
        return name
    }

    static func liveHostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
