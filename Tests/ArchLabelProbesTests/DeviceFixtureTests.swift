import ArchLabelCore
import ArchLabelProbes
import Foundation
import Testing
import TestSupport

/// The USB and PCI trees built from public captures (Tests/Fixtures/devices/README.md): each
/// gives exactly the device labels worked out by hand in EXPECTED.tsv, the facts read match the
/// capture they came from, and no link leads out of its tree.
struct DeviceFixtureTests {
    static let cases = Fixtures.names(in: "devices/trees")
    static let expected = Dictionary(grouping: Fixtures.tsv("devices/EXPECTED.tsv")) { $0["case"] ?? "" }

    static func probe(_ name: String, policy: DevicePolicy = DevicePolicy()) throws -> (labels: [String: String], facts: HostFacts) {
        let facts = HostProber(root: try HostRoot(path: Fixtures.path("devices/trees/\(name)")), live: .none).probe()
        let set = LabelSet(BuiltinLabelers.all(facts, devices: policy), prefix: try LabelPrefix(""))
        let devices = set.dictionary.filter { key, _ in
            BuiltinLabel.isDevicePresence(key) || key == BuiltinLabel.gpuVendor.rawValue
                || key.hasPrefix(BuiltinLabel.acceleratorPrefix) || key.hasPrefix(BuiltinLabel.devicePrefix)
        }
        return (devices, facts)
    }

    @Test func everyCaseHasExpectations() {
        #expect(Self.cases.count >= 11)
        #expect(Set(Self.cases) == Set(Self.expected.keys))
    }

    @Test(arguments: cases)
    func deviceLabelsAreExactlyTheExpectedOnes(_ name: String) throws {
        let rows = (Self.expected[name] ?? []).filter { $0["label"] != "-" }
        let wanted = Dictionary(uniqueKeysWithValues: rows.map { ($0["label"] ?? "", $0["value"] ?? "") })
        let (labels, facts) = try Self.probe(name)
        #expect(labels == wanted, "\(name)")
        #expect(!facts.devices.usb.isEmpty || !facts.devices.pci.isEmpty)
    }

    @Test(arguments: cases)
    func everyLinkStaysInsideItsTree(_ name: String) throws {
        let root = URL(fileURLWithPath: Fixtures.path("devices/trees/\(name)")).standardizedFileURL.path
        let walker = try #require(FileManager.default.enumerator(atPath: root))
        var links = 0
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { continue }
            links += 1
            #expect(!target.hasPrefix("/"), "\(relative) → \(target)")
            let resolved = URL(fileURLWithPath: target, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent())
                .standardizedFileURL.path
            #expect(resolved.hasPrefix(root + "/sys/"), "\(relative) → \(target)")
            #expect(FileManager.default.fileExists(atPath: resolved), "\(relative) → \(target) dangles")
        }
        #expect(links > 0)
    }

    /// The Coral before its firmware load (Synology capture, 1a6e:089a): class 00, one interface
    /// of class fe; the Pi 4's root hubs carry their `B-0:1.0` interface.
    @Test func theUninitialisedCoralOnAPi4() throws {
        let (labels, facts) = try Self.probe("pi4-coral-usb")
        let coral = try #require(facts.devices.usb.first { $0.id == DeviceID(0x1a6e, 0x089a) })
        #expect(coral.deviceClass == 0 && coral.interfaceClasses == [0xfe])
        #expect(coral.path.hasPrefix("/sys/devices/platform/scb/fd500000.pcie/"))
        #expect(labels["usb-fe_1a6e_089a.present"] == "true")
        #expect(facts.devices.usb.filter { $0.name.hasPrefix("usb") }.allSatisfy { $0.interfaceClasses == [0x09] })
    }

    /// The hub chain with a ConBee II and an FTDI adapter: named devices, one by serial number.
    @Test func namedDevicesOnARealHubChain() throws {
        let policy = DevicePolicy(named: [
            NamedDevice(name: "zigbee", usb: [DeviceID(0x10c4, 0xea60), DeviceID(0x1a86, 0x55d4), DeviceID(0x1cf1, 0x0030)], location: "t"),
            NamedDevice(name: "elero", usb: [DeviceID(0x0403, 0x6001)], serial: "AL02OWN5", location: "t"),
            NamedDevice(name: "other-ftdi", usb: [DeviceID(0x0403, 0x6001)], serial: "A50285BI", location: "t"),
        ])
        let (labels, facts) = try Self.probe("usb-zigbee-ftdi-hubchain", policy: policy)
        #expect(labels["device.zigbee"] == "true")
        #expect(labels["device.elero"] == "true")
        #expect(labels["device.other-ftdi"] == nil)
        #expect(labels["usb-02_1cf1_0030.present"] == nil, "class 02 is outside the default allow-list")
        let conbee = try #require(facts.devices.usb.first { $0.id == DeviceID(0x1cf1, 0x0030) })
        #expect(conbee.serial == "DE2597089" && conbee.product == "ConBee II")
        #expect(conbee.name.split(separator: ".").count >= 3, "behind two hubs")
    }

    /// Several display controllers: the discrete GPU wins, and the evidence names the others.
    @Test func theOptimusLaptopIsNvidiaAndSaysSo() throws {
        let facts = HostProber(root: try HostRoot(path: Fixtures.path("devices/trees/amd64-optimus")), live: .none).probe()
        let set = LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix(""))
        let entry = try #require(set.entries.first { $0.name == "gpu.vendor" })
        #expect(entry.value == "nvidia")
        #expect(entry.evidence.last?.detail.contains("intel") == true)
    }
}
