import AsyncHTTPClient
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// Turns a failure below HTTP (connection, TLS) into a `KubeError` that says which part of
/// TLS failed: the CA, the host name, or a certificate's validity.
enum TransportErrors {
    /// The error for `error`, raised while talking to `access.server`.
    static func error(_ error: any Error, access: ClusterAccess, security: ConnectionSecurity) async -> KubeError {
        let server = access.server
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return KubeError(
                .hostnameMismatch,
                "TLS: the certificate of \(server) is not valid for host \(ServerAddress(server)?.host ?? server); "
                    + "use the address the API server's certificate names (k3s: add it with --tls-san)")
        }
        if error is NIOSSLError || error is BoringSSLError {
            let tls = error
            let reasons = boringSSLReasons("\(tls)")
            if reasons.contains("CERTIFICATE_VERIFY_FAILED") { return await verificationFailure(access: access) }
            let said = reasons.isEmpty ? "\(tls)" : reasons.joined(separator: ", ")
            return KubeError(
                .tlsHandshake,
                "TLS with \(server) failed (\(said)); the server may not accept \(security.identity): "
                    + "use a client certificate issued by this cluster's client CA")
        }
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout {
            return KubeError(.transport, "no answer from \(server) in time (\(client)); is the API server up?")
        }
        return KubeError(.transport, "cannot reach the API server \(server): \(error)")
    }

    /// The reason names in BoringSSL's error text (`…:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA at …`).
    static func boringSSLReasons(_ text: String) -> [String] {
        text.split(separator: "OPENSSL_internal:").dropFirst().map { part in
            String(part.prefix { $0.isUppercase || $0.isNumber || $0 == "_" })
        }.filter { !$0.isEmpty }
    }

    /// Explains CERTIFICATE_VERIFY_FAILED by looking at the certificate the server presents.
    private static func verificationFailure(access: ClusterAccess) async -> KubeError {
        let server = access.server
        let trusted = access.certificateAuthority.map { "the CA in \($0.origin)" } ?? "the system's CA certificates"
        if let address = ServerAddress(server),
           let leaf = await ServerCertificateProbe.leafCertificate(host: address.host, port: address.port) {
            let now = time(nil)
            if leaf.notValidAfter < now {
                return KubeError(
                    .serverCertificateExpired,
                    "TLS: the certificate of \(server) expired at \(utcTimestamp(leaf.notValidAfter)); "
                        + "renew the API server's certificate (k3s rotates it on restart when it is due)")
            }
            if leaf.notValidBefore > now {
                return KubeError(
                    .serverCertificateExpired,
                    "TLS: the certificate of \(server) is not valid before \(utcTimestamp(leaf.notValidBefore)); check this machine's clock")
            }
        }
        return KubeError(
            .untrustedServer,
            "TLS: the certificate of \(server) is not signed by \(trusted); "
                + "use the cluster's CA (certificate-authority in the kubeconfig, k3s: server-ca.crt)")
    }
}

/// Host and port of a server URL (`https://[::1]:6443/prefix` → `::1`, 6443).
struct ServerAddress {
    var host: String
    var port: Int

    init?(_ url: String) {
        let lower = url.lowercased()
        let (rest, defaultPort): (Substring, Int)
        if lower.hasPrefix("https://") {
            (rest, defaultPort) = (url.dropFirst(8), 443)
        } else if lower.hasPrefix("http://") {
            (rest, defaultPort) = (url.dropFirst(7), 80)
        } else {
            return nil
        }
        let authority = rest.prefix { $0 != "/" }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? defaultPort : defaultPort
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = String(parts[0])
            port = parts.count == 2 ? Int(parts[1]) ?? defaultPort : defaultPort
        }
        guard !host.isEmpty else { return nil }
    }
}
