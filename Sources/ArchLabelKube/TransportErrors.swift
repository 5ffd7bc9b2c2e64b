import ArchLabelCore
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
        if error is CancellationError {
            return KubeError(.cancelled, "cancelled while talking to \(server)")
        }
        if let client = error as? HTTPClientError {
            if client == .deadlineExceeded || client == .readTimeout {
                return KubeError(.transport, "no answer from \(server) in time (\(client.shortDescription)); is the API server up?")
            }
            if client == .cancelled {
                return KubeError(.cancelled, "cancelled while talking to \(server)")
            }
            // Never the full description: some cases carry header values, which may hold a token.
            return KubeError(.transport, "cannot talk to the API server \(server): \(client.shortDescription)")
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
                    "TLS: the certificate of \(server) expired at \(utcTimestamp(Int64(leaf.notValidAfter))); "
                        + "renew the API server's certificate (k3s rotates it on restart when it is due)")
            }
            if leaf.notValidBefore > now {
                return KubeError(
                    .serverCertificateExpired,
                    "TLS: the certificate of \(server) is not valid before \(utcTimestamp(Int64(leaf.notValidBefore))); check this machine's clock")
            }
        }
        return KubeError(
            .untrustedServer,
            "TLS: the certificate of \(server) is not signed by \(trusted); "
                + "use the cluster's CA (certificate-authority in the kubeconfig, k3s: server-ca.crt)")
    }
}
