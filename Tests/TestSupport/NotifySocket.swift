import Foundation

/// A real AF_UNIX datagram socket in a temporary directory, as systemd's `$NOTIFY_SOCKET`:
/// tests point a process (or libsystemd in-process) at `path` and read what it sends.
public final class NotifySocket: @unchecked Sendable {
    /// The socket's path, the value for `NOTIFY_SOCKET`.
    public let path: String
    private let descriptor: Int32

    /// Binds the socket; throws when that fails.
    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    public func receive(timeout: Duration = .seconds(2)) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// Datagrams until one satisfies `stop` (included) or `timeout` passes; all of them in order.
    public func receive(until stop: (String) -> Bool, timeout: Duration) -> [String] {
        let deadline = ContinuousClock.now + timeout
        var received: [String] = []
        while ContinuousClock.now < deadline, let message = receive(timeout: deadline - ContinuousClock.now) {
            received.append(message)
            if stop(message) { break }
        }
        return received
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
