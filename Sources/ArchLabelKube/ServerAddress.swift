/// The scheme, host and port of an API server URL (`https://[::1]:6443/prefix` → TLS, `::1`,
/// 6443). Parsing is strict, so that a broken `server` is reported when the kubeconfig is read,
/// not retried as a network failure: the scheme must be http or https, the host non-empty, the
/// port 1–65535, and there must be no user info, query or fragment.
struct ServerAddress: Equatable {
    /// True for https.
    var usesTLS: Bool
    /// The host name or address, IPv6 without brackets.
    var host: String
    /// The port, defaulted from the scheme.
    var port: Int
}

extension ServerAddress {
    /// Parses `url`; nil when it is not a usable server URL.
    init?(_ url: String) {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            (usesTLS, rest) = (true, url.dropFirst(8))
        } else if lower.hasPrefix("http://") {
            (usesTLS, rest) = (false, url.dropFirst(7))
        } else {
            return nil
        }
        guard !rest.contains(where: { $0 == "?" || $0 == "#" || $0 == "@" || $0 == " " || $0.isNewline }) else { return nil }
        let authority = rest.prefix { $0 != "/" }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            host = String(parts[0])
            portText = parts.count == 2 ? parts[1] : nil
        }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            port = usesTLS ? 443 : 80
        }
        guard !host.isEmpty else { return nil }
    }
}
