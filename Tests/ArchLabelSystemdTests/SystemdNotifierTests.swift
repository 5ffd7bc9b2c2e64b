import ArchLabelSystemd
import Foundation
import Testing
import TestSupport

/// sd_notify through libsystemd against a real AF_UNIX datagram socket as `$NOTIFY_SOCKET`.
@Suite(.serialized)
struct SystemdNotifierTests {
    @Test func sendsStatesInOneDatagram() throws {
        let socket = try NotifySocket()
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        #expect(SystemdNotifier().notify(.ready, .status("labels applied\nsecond line")))
        #expect(socket.receive() == "READY=1\nSTATUS=labels applied second line")
        #expect(SystemdNotifier().notify(.reloading))
        let reloading = try #require(socket.receive())
        #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        #expect(Int(reloading.split(separator: "=").last ?? "") ?? 0 > 0)
    }

    @Test func isANoOpWithoutNotifySocket() {
        unsetenv("NOTIFY_SOCKET")
        #expect(SystemdNotifier().notify(.stopping) == false)
    }
}
