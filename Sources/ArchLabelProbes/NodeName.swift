import ArchLabelCore
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
           let name = k3sNodeName(String(decoding: bytes, as: UTF8.self)) {
            return Fact(name, Evidence(k3sConfig, "node-name: \(name)"))
        }
        if root.isLiveHost, let name = liveHostName() { return Fact(name.lowercased(), Evidence("gethostname(2)", name)) }
        if case .bytes(let bytes, _) = root.read("/etc/hostname", limit: 4096) {
            let name = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init)
            if let name { return Fact(name.lowercased(), Evidence("/etc/hostname", name)) }
        }
        return nil
    }

    /// The top-level `node-name:` scalar of a k3s config file (plain or quoted).
    static func k3sNodeName(_ text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("node-name:") {
            var value = line.dropFirst("node-name:".count)
            if let hash = value.firstIndex(of: "#"), hash == value.startIndex || value[value.index(before: hash)] == " " {
                value = value[..<hash]
            }
            guard let trimmed = firstLine(of: String(value)) else { return nil }
            value = Substring(trimmed)
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = value.dropFirst().dropLast()
            }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    static func liveHostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
