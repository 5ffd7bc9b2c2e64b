import NIOCore
import NIOHTTP1

/// One watch response on one connection, confined to the connection's event loop: a 200 with
/// chunked JSON, the initial events, then every message the server sends it (`WatchMessage`),
/// each flushed at once, until the watch ends (terminating chunk) or the connection closes.
/// Bookmarks and the timeout are timers on the event loop that go through the server, so they
/// queue up behind the events already sent.
final class WatchStream {
    private let core: ServerCore
    private let context: ChannelHandlerContext
    private let keepAlive: Bool
    private var id: Int?
    private var ended = false
    private var timeoutTask: Scheduled<Void>?
    private var bookmarkTask: Scheduled<Void>?

    /// A stream writing through `context` (the connection handler's); closes the connection
    /// after the end unless `keepAlive`.
    init(core: ServerCore, context: ChannelHandlerContext, keepAlive: Bool) {
        self.core = core
        self.context = context
        self.keepAlive = keepAlive
    }

    /// Opens `watch` with the server and starts answering `request`.
    func start(_ watch: WatchRequest, for request: HTTPRequestHead) {
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let opening = core.openWatch(watch) { message in
            eventLoop.execute { bound.value.receive(message) }
        }
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-cache, private")])
        headers.add(name: "Transfer-Encoding", value: "chunked")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: .ok, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        switch opening {
        case .expired(let error):
            write(WatchLine.error(error))
            finish()
        case .open(let id, let initial):
            self.id = id
            for event in initial { write(WatchLine.event(event)) }
            context.flush()
            context.channel.closeFuture.assumeIsolated().whenComplete { _ in self.connectionClosed() }
            let loop = eventLoop.assumeIsolated()
            timeoutTask = loop.scheduleTask(in: TimeAmount(watch.timeout ?? core.configuration.watchTimeout)) {
                self.core.endWatch(id)
            }
            if watch.bookmarks { scheduleBookmark(id: id) }
        }
    }

    private func scheduleBookmark(id: Int) {
        bookmarkTask = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(core.configuration.bookmarkInterval)) {
            self.core.sendBookmark(to: id)
            self.scheduleBookmark(id: id)
        }
    }

    private func receive(_ message: WatchMessage) {
        guard !ended else { return }
        switch message {
        case .line(let line):
            write(line)
            context.flush()
        case .end:
            finish()
        }
    }

    private func write(_ line: ByteBuffer) {
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(line))), promise: nil)
    }

    /// Stops the timers and writes the terminating chunk.
    private func finish() {
        guard stop() else { return }
        let keepAlive = keepAlive
        let context = context
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    private func connectionClosed() {
        guard stop(), let id else { return }
        core.endWatch(id)
    }

    /// Marks the stream ended and stops its timers; false when it had ended already.
    private func stop() -> Bool {
        guard !ended else { return false }
        ended = true
        timeoutTask?.cancel()
        bookmarkTask?.cancel()
        return true
    }
}
