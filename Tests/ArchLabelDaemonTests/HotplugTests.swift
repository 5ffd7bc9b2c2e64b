import ArchLabelCore
@testable import ArchLabelDaemon
import ArchLabelProbes
import Foundation
import Testing
import TestAPIServer
import TestSupport

/// Devices plugged into and removed from a writable tree, end to end against the test API
/// server: through a fake uevent source, through periodic rescans, and through a real kernel
/// uevent (as root).
@Suite struct HotplugTests {
    static let xhci = "/sys/devices/pci0000:00/0000:00:14.0/usb1"
    static let stick = xhci + "/1-1.3"
    static let stickLabel = "archlabeld.io/usb-ff_0403_6001.present"
    /// Someone else's label under a key the daemon would also compute (`device.meter`).
    static let foreignKey = "archlabeld.io/device.meter"

    /// A target that probes `tree` and labels what it finds, with a named meter adapter.
    static func target(_ tree: HostTree) throws -> LabelDaemon.Target {
        let prober = HostProber(root: try HostRoot(path: tree.path), live: .none)
        let policy = DevicePolicy(named: [NamedDevice(name: "meter", usb: [DeviceID(0x0403, 0x6001)], serial: "AL02OWN5", location: "test")])
        return LabelDaemon.Target(
            node: "pi4", annotationKey: DaemonHarness.record, probe: { prober.probe() },
            probeDevices: { prober.probeDevices() },
            labels: { facts, _ in LabelSet(BuiltinLabelers.all(facts, devices: policy), prefix: .default).dictionary })
    }

    private func withServer(_ body: (TestAPIServer) async throws -> Void) async throws {
        try await TestAPIServer.serving(TestAPIServer.Configuration(tls: DaemonHarness.tls)) { server in
            server.registerNode("pi4", labels: [Self.foreignKey: "set-by-hand"])
            try await body(server)
        }
    }

    private func label(_ server: TestAPIServer) -> String? { server.node("pi4")?.labels[Self.stickLabel] }

    private func plug(_ tree: HostTree) {
        // The FTDI FT232R of openhab-addons#16137 (Tests/Fixtures/devices/captures): class 00, one
        // vendor-specific interface, serial AL02OWN5.
        tree.usbDevice(Self.stick, id: "0403:6001", deviceClass: "00", interfaces: ["ff"], serial: "AL02OWN5")
    }

    /// The time from `action` until `condition` holds (nil: not within 5 s).
    private func latency(_ action: () -> Void, until condition: () -> Bool) async -> Duration? {
        let start = ContinuousClock.now
        action()
        guard await eventually(within: .seconds(5), condition) else { return nil }
        return ContinuousClock.now - start
    }

    @Test func aPluggedStickIsOnTheNodeWithinTwoSecondsAndGoneWithinTwoAfterItIsPulled() async throws {
        try await withServer { server in
            let tree = HostTree().usbDevice(Self.xhci, id: "1d6b:0002", deviceClass: "09", interfaces: ["09"])
            let (uevents, uevent) = AsyncStream.makeStream(of: Void.self)
            let harness = DaemonHarness(server: server, labels: [:])
            try await harness.run(target: try Self.target(tree), devices: .uevents(uevents)) {
                #expect(await eventually { server.node("pi4")?.labels["archlabeld.io/virt"] == "none" && server.openWatchCount == 1 })
                #expect(label(server) == nil)
                let plugged = await latency({ plug(tree); uevent.yield() }, until: { label(server) == "true" })
                #expect((plugged ?? .seconds(99)) <= .seconds(2), "plugged within 2 s")
                #expect(server.node("pi4")?.labels[Self.foreignKey] == "set-by-hand", "a foreign label with the same key is left alone")
                let pulled = await latency({ tree.unplug(Self.stick, bus: "usb"); uevent.yield() }, until: { label(server) == nil })
                #expect((pulled ?? .seconds(99)) <= .seconds(2), "pulled within 2 s")
                #expect(server.node("pi4")?.labels[Self.foreignKey] == "set-by-hand")
                #expect(harness.events.filter { $0 == "devices.changed" }.count == 2)
                #expect(harness.events.contains("devices.watch"))
            }
        }
    }

    @Test func aBurstOfUeventsIsOneReadAndUnchangedDevicesSendNothing() async throws {
        try await withServer { server in
            let tree = HostTree()
            let (uevents, uevent) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let harness = DaemonHarness(server: server, labels: [:])
            try await harness.run(target: try Self.target(tree), devices: .uevents(uevents)) {
                #expect(await eventually { server.openWatchCount == 1 && server.writes.count == 1 })
                plug(tree)
                for _ in 0..<20 { uevent.yield() }
                #expect(await eventually { label(server) == "true" })
                try await Task.sleep(for: .seconds(1))
                #expect(server.writes.count == 2, "one write for the plug")
                for _ in 0..<5 { uevent.yield() }
                try await Task.sleep(for: .seconds(1))
                #expect(server.writes.count == 2, "a uevent that changes no device writes nothing")
                #expect(harness.events.filter { $0 == "devices.changed" }.count == 1)
            }
        }
    }

    @Test func withoutUeventsTheDevicesAreReadPeriodically() async throws {
        try await withServer { server in
            let tree = HostTree()
            let harness = DaemonHarness(server: server, labels: [:])
            try await harness.run(
                target: try Self.target(tree), devices: .rescan(interval: { .milliseconds(300) }, reason: "test")
            ) {
                #expect(await eventually { server.openWatchCount == 1 && server.writes.count == 1 })
                let plugged = await latency({ plug(tree) }, until: { label(server) == "true" })
                #expect((plugged ?? .seconds(99)) <= .seconds(2), "plugged within 2 s")
                let pulled = await latency({ tree.unplug(Self.stick, bus: "usb") }, until: { label(server) == nil })
                #expect((pulled ?? .seconds(99)) <= .seconds(2), "pulled within 2 s")
            }
        }
    }

    @Test(.enabled(if: UeventTrigger.device != nil, "needs root, a uevent socket and a PCI device"))
    func aRealKernelUeventMakesTheDaemonReadTheDevices() async throws {
        let device = try #require(UeventTrigger.device)
        try await withServer { server in
            let tree = HostTree()
            let harness = DaemonHarness(server: server, labels: [:])
            let monitor = UeventMonitor(socket: try UeventSocket(), logger: harness.logger)
            try await harness.run(target: try Self.target(tree), devices: .uevents(monitor.events), services: [monitor]) {
                #expect(await eventually { server.openWatchCount == 1 && server.writes.count == 1 })
                plug(tree)
                try await Task.sleep(for: .seconds(1))
                // Other devices' uevents on this machine may arrive; only usb and pci ones count.
                let quiet = label(server) == nil
                let triggered = await latency({ UeventTrigger.change(device) }, until: { label(server) == "true" })
                #expect((triggered ?? .seconds(99)) <= .seconds(2), "triggered within 2 s")
                if quiet { #expect(harness.events.contains("devices.changed")) }
            }
        }
    }
}

/// Writing `change` to a real PCI device's uevent file: the kernel then broadcasts a uevent.
enum UeventTrigger {
    static var device: String? {
        guard getuid() == 0, (try? UeventSocket()) != nil else { return nil }
        let directory = "/sys/bus/pci/devices"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
        return names.first { access("\(directory)/\($0)/uevent", W_OK) == 0 }.map { "\(directory)/\($0)/uevent" }
    }

    static func change(_ path: String) {
        try? "change".write(toFile: path, atomically: false, encoding: .utf8)
    }
}
