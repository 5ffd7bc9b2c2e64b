import ArchLabelCore
import ArchLabelProbes
import Foundation
import Testing
import TestSupport

/// The real kernel's uevent broadcast: as root, `change` written to a PCI device's `uevent` file
/// makes the kernel send a uevent, which the socket must deliver as a device event.
struct UeventSocketTests {
    /// The first PCI device of this machine whose uevent file root can write, if any.
    static var writablePCIDevice: String? {
        guard getuid() == 0 else { return nil }
        let directory = "/sys/bus/pci/devices"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
        return names.first { access("\(directory)/\($0)/uevent", W_OK) == 0 }.map { "\(directory)/\($0)" }
    }

    @Test(.enabled(if: writablePCIDevice != nil, "needs root and a PCI device"))
    func aSyntheticChangeOnARealPCIDeviceArrives() throws {
        let device = try #require(Self.writablePCIDevice)
        let socket = try UeventSocket()
        let canonical = URL(fileURLWithPath: device).resolvingSymlinksInPath().path
        try "change".write(toFile: device + "/uevent", atomically: false, encoding: .utf8)
        let deadline = ContinuousClock.now + .seconds(5)
        var received: UeventMessage?
        while ContinuousClock.now < deadline, received == nil {
            if case .message(let message?) = socket.receive(timeoutMilliseconds: 200), message.action == "change",
               "/sys" + message.devicePath == canonical {
                received = message
            }
        }
        let message = try #require(received, "no uevent for \(canonical) within 5 s")
        #expect(message.subsystem == "pci")
        #expect(message.concernsDevices)
    }

    @Test func nothingArrivesWithinTheTimeoutWhenNothingHappens() throws {
        guard let socket = try? UeventSocket() else { return }
        // Other uevents may happen on a busy machine; the call must come back in time either way.
        let start = ContinuousClock.now
        _ = socket.receive(timeoutMilliseconds: 100)
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}

/// A root is the running system when it shows this boot's kernel boot id.
struct RunningSystemTests {
    static let bootID = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""

    @Test func theSameBootIDIsTheRunningSystemAndAnyOtherIsNot() throws {
        #expect(!Self.bootID.isEmpty)
        #expect(RunningSystem.isRunning(try HostRoot(path: "/")))
        let same = HostTree().file("proc/sys/kernel/random/boot_id", Self.bootID)
        #expect(RunningSystem.isRunning(try HostRoot(path: same.path)))
        let other = HostTree().file("proc/sys/kernel/random/boot_id", "5f2b2c36-0b7e-4a8e-9b0f-0d4c3b8a9e71\n")
        #expect(!RunningSystem.isRunning(try HostRoot(path: other.path)))
        let none = HostTree().directory("proc")
        #expect(!RunningSystem.isRunning(try HostRoot(path: none.path)))
        withExtendedLifetime((same, other, none)) {}
    }

    /// The running system seen from elsewhere keeps the live-only facts (uname, CPUID, page
    /// size): a DaemonSet's `--root /host` is this machine. Another boot's tree has none.
    @Test func theRunningSystemUnderARootKeepsTheLiveFacts() throws {
        let same = HostTree().file("proc/sys/kernel/random/boot_id", Self.bootID)
        #expect(HostProber(root: try HostRoot(path: same.path)).live == LiveFacts.current())
        let other = HostTree().file("proc/sys/kernel/random/boot_id", "5f2b2c36-0b7e-4a8e-9b0f-0d4c3b8a9e71\n")
        #expect(HostProber(root: try HostRoot(path: other.path)).live == .none)
        withExtendedLifetime((same, other)) {}
    }
}
