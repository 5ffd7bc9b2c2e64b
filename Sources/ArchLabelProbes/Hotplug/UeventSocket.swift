import ArchLabelCore
import CPlatform
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's uevent broadcast (a NETLINK_KOBJECT_UEVENT socket, group 1): no udev needed.
/// Only messages sent by the kernel itself are returned. Receiving blocks (with a timeout), so
/// it belongs on a thread of its own.
public final class UeventSocket: Sendable {
    private let descriptor: Int32

    /// Why the socket could not be opened (no netlink in the sandbox, a seccomp or address family
    /// filter, an old kernel).
    public struct Unavailable: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "cannot listen for kernel uevents: \(reason)" }
    }

    /// Opens and binds the socket.
    public init() throws(Unavailable) {
        let descriptor = archlabeld_uevent_open()
        guard descriptor >= 0 else { throw Unavailable(reason: String(cString: strerror(errno))) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// What one wait brought.
    public enum Received: Sendable, Equatable {
        /// A kernel uevent (well-formed or not: nil when it could not be parsed).
        case message(UeventMessage?)
        /// Nothing within the timeout, or a datagram from user space (ignored).
        case nothing
        /// The receive buffer overflowed: events were lost, so anything may have changed.
        case overflow
        /// Another error, with its reason.
        case failed(String)
    }

    /// Waits up to `timeoutMilliseconds` for one message.
    public func receive(timeoutMilliseconds: Int32) -> Received {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var fromKernel: Int32 = 0
        let length = buffer.withUnsafeMutableBytes {
            archlabeld_uevent_receive(descriptor, $0.baseAddress, UInt($0.count), timeoutMilliseconds, &fromKernel)
        }
        if length < 0 {
            switch Int32(-length) {
            case EINTR: return .nothing
            case ENOBUFS: return .overflow
            case let code: return .failed(String(cString: strerror(code)))
            }
        }
        guard length > 0, fromKernel == 1 else { return .nothing }
        return .message(UeventMessage(parsing: buffer[0..<length]))
    }
}
