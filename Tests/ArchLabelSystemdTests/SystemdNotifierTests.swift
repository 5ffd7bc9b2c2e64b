import ArchLabelSystemd
import Foundation
import Testing

/// sd_notify through libsystemd against a real AF_UNIX datagram socket as `$NOTIFY_SOCKET`.
@Suite(.serialized)
struct SystemdNotifierTests {
    /// Binds a datagram socket in a temporary directory and points NOTIFY_SOCKET at it.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init() throws {
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
            try #require(bound == 0)
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setenv("NOTIFY_SOCKET", path, 1)
        }

        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }

        deinit {
            unsetenv("NOTIFY_SOCKET")
            close(descriptor)
            unlink(path)
        }
    }

    @Test func sendsStatesInOneDatagram() throws {
        let socket = try NotifySocket()
        #expect(SystemdNotifier().notify(.ready, .status("labels applied\nsecond line")))
        #expect(socket.receive() == "READY=1\nSTATUS=labels applied second line")
        #expect(SystemdNotifier().notify(.reloading))
        #expect(socket.receive() == "RELOADING=1")
    }

    @Test func isANoOpWithoutNotifySocket() {
        unsetenv("NOTIFY_SOCKET")
        #expect(SystemdNotifier().notify(.stopping) == false)
    }
}
