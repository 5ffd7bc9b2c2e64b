import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Fetches the certificate a TLS server presents, without trusting it, so that a failed
/// handshake can be explained: expired, or signed by a CA we were not told to trust.
/// The handshake is always aborted after the certificate arrives; nothing is sent.
enum ServerCertificateProbe {
    /// The leaf certificate `host`:`port` presents, or nil when it cannot be fetched.
    static func leafCertificate(host: String, port: Int) async -> NIOSSLCertificate? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Needed for the custom callback to run; it replaces verification entirely.
        configuration.certificateVerification = .noHostnameVerification
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let captured = NIOLockedValueBox<NIOSSLCertificate?>(nil)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(3))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let capture: NIOSSLCustomVerificationCallback = { chain, promise in
                        captured.withLockedValue { $0 = chain.first }
                        promise.succeed(NIOSSLVerificationResult.failed)
                    }
                    let handler = try NIOSSLClientHandler(
                        context: context, serverHostname: nil, customVerificationCallback: capture
                    )
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        guard let channel = try? await bootstrap.connect(host: host, port: port).get() else { return nil }
        // The aborted handshake closes the channel; bound the wait in case the server stalls.
        let timeout = channel.eventLoop.scheduleTask(in: TimeAmount.seconds(3)) { channel.close(promise: nil) }
        try? await channel.closeFuture.get()
        timeout.cancel()
        return captured.withLockedValue { $0 }
    }
}
