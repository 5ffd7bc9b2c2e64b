import ArchLabelProbes
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Listens on a kernel uevent socket on a thread of its own and yields on ``events`` whenever a
/// usb or pci device is added, removed, bound, unbound or changed, or when the kernel dropped
/// messages (then anything may have changed). A service: it runs until graceful shutdown.
public final class UeventMonitor: Service, Sendable {
    /// One element per relevant uevent; holds at most one pending element, since the daemon
    /// reads all devices on each.
    public let events: AsyncStream<Void>
    private let post: AsyncStream<Void>.Continuation
    private let socket: UeventSocket
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// A monitor over an opened socket.
    public init(socket: UeventSocket, logger: Logger) {
        (events, post) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.socket = socket
        self.logger = logger
    }

    /// Receives until graceful shutdown or cancellation, then ends ``events``.
    public func run() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                _ = try? await pool.runIfActive { [self] in receiveUntilStopped() }
            } onCancel: {
                stop()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        post.finish()
        try? await pool.shutdownGracefully()
    }

    /// Makes the receiving thread return within its poll timeout.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    private func receiveUntilStopped() {
        var failing = false
        while !stopping.load(ordering: .relaxed) {
            switch socket.receive(timeoutMilliseconds: 200) {
            case .message(let message?) where message.concernsDevices:
                logger.debug("device uevent", metadata: [
                    "event": "devices.uevent", "action": .string(message.action), "devpath": .string(message.devicePath)])
                post.yield()
            case .message, .nothing:
                break
            case .overflow:
                logger.info("kernel uevents were lost; reading the devices again", metadata: ["event": "devices.uevent-overflow"])
                post.yield()
            case .failed(let reason):
                if !failing {
                    logger.warning("receiving kernel uevents failed; retrying", metadata: ["event": "devices.uevent-error", "error": .string(reason)])
                }
                failing = true
                usleep(500_000)
                continue
            }
            failing = false
        }
    }
}
