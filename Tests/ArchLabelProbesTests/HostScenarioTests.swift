import ArchLabelCore
import ArchLabelProbes
import Testing
import TestSupport

/// Captured-style host trees (Tests/Fixtures/hosts/<scenario>: root/, expected.labels, and
/// optionally `live` with what a live run would also have seen, such as the CPUID signature).
/// The computed labels must equal expected.labels exactly: nothing missing, nothing extra.
struct HostScenarioTests {
    static let scenarios = Fixtures.names(in: "hosts").filter { !$0.contains(".") }

    @Test func theRequiredScenariosExist() {
        let required = ["rpi4-raspios-arm64", "rpi5-16k", "rpi3bplus-armhf-on-arm64", "rpi-zero2w", "rpi-cm4",
                        "lxc-proxmox-k3s", "kvm-guest", "vmware", "hyperv", "wsl2", "docker", "podman",
                        "systemd-nspawn", "baremetal-x86-nvme", "jetson-orin-nano"]
        #expect(Set(required).isSubset(of: Set(Self.scenarios)))
    }

    @Test(arguments: scenarios)
    func labelsMatchTheCapture(_ scenario: String) throws {
        let live = Fixtures.labels("hosts/\(scenario)/live")
        let (labels, facts, set) = try probeLabels(root: Fixtures.path("hosts/\(scenario)/root"),
                                                   live: LiveFacts(cpuidSignature: live["cpuid"]))
        let expected = Fixtures.labels("hosts/\(scenario)/expected.labels")
        #expect(!expected.isEmpty)
        #expect(allValid(set))
        for name in Set(expected.keys).union(labels.keys).sorted() {
            #expect(labels[name] == expected[name], "\(scenario): \(name)")
        }
        #expect(facts.warnings.isEmpty, "\(scenario): \(facts.warnings)")
    }
}
