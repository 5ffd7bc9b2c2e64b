import ArchLabelCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// One TCP connection's HTTP/1.1 requests (after `configureHTTPServerPipeline`, which orders
/// pipelined requests): reads each request whole, asks the core what to do, writes the answer
/// (or hands a watch to a `WatchStream`) and keeps the connection open unless the client asked
/// to close it.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: ServerCore
    private let connectionID: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    /// Read once per connection, at its first request (after the handshake); stays nil without
    /// TLS or without a client certificate.
    private var clientCertificate: IncomingRequest.ClientCertificate?
    private var clientCertificateRead = false

    init(core: ServerCore, connectionID: Int) {
        self.core = core
        self.connectionID = connectionID
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            bodyTooLarge = false
        case .body(let buffer):
            if body.count + buffer.readableBytes > ServerCore.bodyLimit {
                bodyTooLarge = true
                body = []
            } else if !bodyTooLarge {
                body += buffer.readableBytesView
            }
        case .end:
            guard let head else { return }
            self.head = nil
            dispatch(context: context, head: head)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func dispatch(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let target = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        for (name, value) in head.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        let request = IncomingRequest(
            method: head.method.rawValue, path: String(target.first ?? ""), query: target.count > 1 ? String(target[1]) : "",
            headers: headers, body: body, bodyTooLarge: bodyTooLarge, connectionID: connectionID,
            clientCertificate: peerCertificate(context: context))
        body = []
        perform(core.receive(request), request: request, head: head, context: context)
    }

    private func perform(_ action: RequestAction, request: IncomingRequest, head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch action {
        case .respond(let response):
            write(response, for: head, context: context)
        case .watch(let watch):
            WatchStream(core: core, context: context, keepAlive: head.isKeepAlive).start(watch, for: head)
        case .drop:
            context.close(promise: nil)
        case .wait(let duration):
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) {
                self.perform(self.core.handle(request), request: request, head: head, context: context)
            }
        }
    }

    private func peerCertificate(context: ChannelHandlerContext) -> IncomingRequest.ClientCertificate? {
        guard !clientCertificateRead else { return clientCertificate }
        clientCertificateRead = true
        if let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate() {
            let serial = certificate.serialNumber.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
            let subject = (try? certificate.toDERBytes()).flatMap { try? CertificateSubject(derCertificate: $0) }
            clientCertificate = IncomingRequest.ClientCertificate(subject: subject, serial: serial)
        }
        return clientCertificate
    }

    private func write(_ response: HTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Cache-Control", value: "no-cache, private")
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }
}
