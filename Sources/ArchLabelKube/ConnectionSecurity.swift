import ArchLabelCore
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// The TLS configuration and authentication of one request, built from the material as it is
/// on disk right now, so that a rotated certificate or token is used by the next connection
/// (the HTTP client pools connections by TLS configuration: new material, new connection).
struct ConnectionSecurity: Sendable {
    /// The TLS configuration; nil for http:// servers.
    var tls: TLSConfiguration?
    /// The `Authorization` header value, if a token is used.
    var authorization: String?
    /// Who we are to the server, for messages: certificate subject or token origin.
    var identity: String
    /// The node a `system:node:NAME` client certificate belongs to, to explain 403s.
    var nodeIdentity: String?

    /// Loads the current material of `access`. An expired client certificate is an error here,
    /// before anything is sent.
    static func load(_ access: ClusterAccess, now: time_t = time(nil)) throws(KubeError) -> ConnectionSecurity {
        do {
            return try build(access, now: now)
        } catch let error as KubeError {
            throw error
        } catch let error as CredentialError {
            throw KubeError(.credentials, error.message)
        } catch {
            throw KubeError(.credentials, "cannot load TLS material from \(access.source): \(error)")
        }
    }

    private static func build(_ access: ClusterAccess, now: time_t) throws -> ConnectionSecurity {
        var security = ConnectionSecurity(tls: nil, authorization: nil, identity: "anonymous (no credentials)")
        if let token = try access.currentToken() {
            security.authorization = "Bearer " + token
            security.identity = access.tokenDescription ?? "bearer token"
        }
        guard access.usesTLS else { return security }
        var tls = TLSConfiguration.makeClientConfiguration()
        // Closing a connection waits for the server's close_notify; do not let a server that never
        // sends one hold up shutdown (SIGTERM must exit promptly) for NIOSSL's default 5 s.
        tls.shutdownTimeout = .milliseconds(500)
        if let authority = access.certificateAuthority {
            let roots = try certificates(authority, what: "CA bundle")
            tls.trustRoots = .certificates(roots)
        }
        if access.insecureSkipTLSVerify { tls.certificateVerification = .none }
        switch (access.clientCertificate, access.clientKey) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            let chain = try certificates(certificate, what: "client certificate")
            let leaf = chain[0]
            if leaf.notValidAfter < now || leaf.notValidBefore > now {
                let expired = leaf.notValidAfter < now
                throw KubeError(
                    .clientCertificateExpired,
                    "the client certificate \(certificate.origin) "
                        + (expired ? "expired at \(utcTimestamp(Int64(leaf.notValidAfter)))" : "is not valid before \(utcTimestamp(Int64(leaf.notValidBefore)))")
                        + "; k3s renews client certificates on restart (systemctl restart k3s or k3s-agent), "
                        + "or check the clock"
                )
            }
            let privateKey: NIOSSLPrivateKey
            do {
                privateKey = try NIOSSLPrivateKey(bytes: try key.read(), format: .pem)
            } catch let error as CredentialError {
                throw error
            } catch {
                throw CredentialError("\(key.origin) is not a PEM private key (RSA or EC, PKCS#1, SEC1 or PKCS#8)")
            }
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(privateKey)
            // BoringSSL checks that the key belongs to the leaf certificate when a context is made.
            guard (try? NIOSSLContext(configuration: tls)) != nil else {
                throw CredentialError("the client key \(key.origin) does not belong to the certificate \(certificate.origin)")
            }
            let subject = try? CertificateSubject(derCertificate: leaf.toDERBytes())
            security.identity = "client certificate \(subject?.identityDescription ?? "with an unreadable subject") (\(certificate.origin))"
            if let name = subject?.commonName, name.hasPrefix("system:node:") {
                security.nodeIdentity = String(name.dropFirst("system:node:".count))
            }
        case (let certificate?, nil):
            throw CredentialError("\(access.source) gives a client certificate (\(certificate.origin)) but no client key")
        case (nil, let key?):
            throw CredentialError("\(access.source) gives a client key (\(key.origin)) but no client certificate")
        }
        security.tls = tls
        return security
    }

    private static func certificates(_ material: CredentialMaterial, what: String) throws -> [NIOSSLCertificate] {
        let bytes = try material.read()
        let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
        guard let certificates, !certificates.isEmpty else {
            throw CredentialError("the \(what) \(material.origin) holds no PEM certificate")
        }
        return certificates
    }
}
