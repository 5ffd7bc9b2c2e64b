import Testing
@testable import ArchLabelCore

/// The reconciliation rules of labels.md (Ownership), one scenario per row: what the Node
/// carries, what archlabeld computes, and the exact changes, conflicts and record that follow.
@Suite struct LabelPlanTests {
    static let record = "archlabeld.io/managed-labels"

    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var nodeLabels: [String: String]
        var managed: String?
        var desired: [String: String]
        var added: [String: String] = [:]
        var changed: [String: String] = [:]
        var removed: [String: String] = [:]
        var conflicts: [String] = []
        var record: String?
        var writes: Bool
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "first publish adds labels and the record",
            nodeLabels: ["kubernetes.io/arch": "arm64"], managed: nil,
            desired: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none"],
            added: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none"],
            record: "archlabeld.io/hardware,archlabeld.io/virt", writes: true),
        Scenario(
            name: "second run sends nothing",
            nodeLabels: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none"],
            managed: "archlabeld.io/hardware,archlabeld.io/virt",
            desired: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none"],
            record: "archlabeld.io/hardware,archlabeld.io/virt", writes: false),
        Scenario(
            name: "a fact that disappears removes only its label",
            nodeLabels: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/emulation.amd64": "true", "team": "a"],
            managed: "archlabeld.io/emulation.amd64,archlabeld.io/hardware",
            desired: ["archlabeld.io/hardware": "rpi4"],
            removed: ["archlabeld.io/emulation.amd64": "true"],
            record: "archlabeld.io/hardware", writes: true),
        Scenario(
            name: "a user's label with the same key is left alone",
            nodeLabels: ["archlabeld.io/hardware": "custom-board"], managed: nil,
            desired: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none"],
            added: ["archlabeld.io/virt": "none"], conflicts: ["archlabeld.io/hardware"],
            record: "archlabeld.io/virt", writes: true),
        Scenario(
            name: "a foreign key with the same value is not claimed",
            nodeLabels: ["archlabeld.io/virt": "none"], managed: nil,
            desired: ["archlabeld.io/virt": "none"],
            record: nil, writes: false),
        Scenario(
            name: "a changed managed label is put back",
            nodeLabels: ["archlabeld.io/hardware": "rpi3"], managed: "archlabeld.io/hardware",
            desired: ["archlabeld.io/hardware": "rpi4"],
            changed: ["archlabeld.io/hardware": "rpi3->rpi4"],
            record: "archlabeld.io/hardware", writes: true),
        Scenario(
            name: "a removed managed label is put back",
            nodeLabels: [:], managed: "archlabeld.io/hardware",
            desired: ["archlabeld.io/hardware": "rpi4"],
            added: ["archlabeld.io/hardware": "rpi4"],
            record: "archlabeld.io/hardware", writes: true),
        Scenario(
            name: "prune removes exactly the managed set and the record",
            nodeLabels: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/site": "garage", "kubernetes.io/arch": "arm64"],
            managed: "archlabeld.io/hardware",
            desired: [:],
            removed: ["archlabeld.io/hardware": "rpi4"],
            record: nil, writes: true),
        Scenario(
            name: "a managed key already gone is just dropped from the record",
            nodeLabels: [:], managed: "archlabeld.io/cpu.cores,archlabeld.io/virt",
            desired: ["archlabeld.io/virt": "kvm"],
            added: ["archlabeld.io/virt": "kvm"],
            record: "archlabeld.io/virt", writes: true),
        Scenario(
            name: "invalid and kubernetes.io entries in the record are ignored; the rest is authoritative",
            nodeLabels: ["kubernetes.io/hostname": "pi4", "node.kubernetes.io/instance-type": "k3s", "x.k8s.io/y": "z", "team": "a"],
            managed: " ,,bad key!,/,\(String(repeating: "x", count: 70)),kubernetes.io/hostname,node.kubernetes.io/instance-type,x.k8s.io/y,team",
            desired: [:],
            removed: ["team": "a"],
            record: nil, writes: true),
    ]

    @Test(arguments: scenarios)
    func plan(_ scenario: Scenario) {
        var annotations = ["other": "x"]
        if let managed = scenario.managed { annotations[Self.record] = managed }
        let node = NodeLabelState(name: "pi4", resourceVersion: "7", labels: scenario.nodeLabels, annotations: annotations)
        let plan = LabelPlan(desired: scenario.desired, node: node, annotationKey: Self.record)
        #expect(plan.changes.added == scenario.added)
        #expect(plan.changes.changed.mapValues { "\($0.from)->\($0.to)" } == scenario.changed)
        #expect(plan.changes.removed == scenario.removed)
        #expect(plan.conflicts.map(\.key) == scenario.conflicts)
        #expect(OwnershipRecord.value(for: plan.managedKeys) == scenario.record)
        #expect(plan.needsWrite == scenario.writes)
    }

    @Test func overwriteForeignLabelsClaimsDifferingKeysOnly() {
        let node = NodeLabelState(
            name: "pi4", resourceVersion: "3", labels: ["archlabeld.io/hardware": "my-board", "team": "a"], annotations: [:])
        let plan = LabelPlan(
            desired: ["archlabeld.io/hardware": "rpi4"], node: node, annotationKey: Self.record, overwriteForeign: true)
        #expect(plan.changes.changed.mapValues { "\($0.from)->\($0.to)" } == ["archlabeld.io/hardware": "my-board->rpi4"])
        #expect(plan.conflicts.isEmpty)
        #expect(plan.overwritten == [LabelConflict(key: "archlabeld.io/hardware", nodeValue: "my-board", computedValue: "rpi4")])
        #expect(plan.managedKeys == ["archlabeld.io/hardware"])
        #expect(plan.changes.removed.isEmpty, "team is foreign and not computed: never touched")
    }

    @Test func mergePatchTouchesOnlyManagedKeysAndTheRecord() {
        let node = NodeLabelState(
            name: "pi4", resourceVersion: "41",
            labels: ["archlabeld.io/hardware": "rpi3", "archlabeld.io/old": "x", "team": "a"],
            annotations: [Self.record: "archlabeld.io/hardware,archlabeld.io/old"])
        let plan = LabelPlan(
            desired: ["archlabeld.io/hardware": "rpi4", "archlabeld.io/new": "y"], node: node, annotationKey: Self.record)
        #expect(plan.mergePatch.serialized(indent: 0) == """
            {"metadata":{"annotations":{"archlabeld.io/managed-labels":"archlabeld.io/hardware,archlabeld.io/new"},\
            "labels":{"archlabeld.io/hardware":"rpi4","archlabeld.io/new":"y","archlabeld.io/old":null},"resourceVersion":"41"}}
            """)
    }

    @Test func pruneRemovesTheRecordAnnotation() {
        let node = NodeLabelState(name: "pi4", resourceVersion: "5", labels: ["v": "1"], annotations: [Self.record: "v"])
        let plan = LabelPlan(desired: [:], node: node, annotationKey: Self.record)
        #expect(plan.mergePatch.serialized(indent: 0)
            == #"{"metadata":{"annotations":{"archlabeld.io/managed-labels":null},"labels":{"v":null},"resourceVersion":"5"}}"#)
    }

    @Test func changesSerialiseForTheJournalAndTheReport() {
        var changes = LabelChanges()
        changes.added["a"] = "1"
        changes.changed["b"] = .init(from: "2", to: "3")
        changes.removed["c"] = "4"
        #expect(changes.json.serialized(indent: 0)
            == #"{"added":{"a":"1"},"changed":{"b":{"from":"2","to":"3"}},"removed":{"c":"4"}}"#)
    }
}

/// The one fact only the Node knows: k3s's embedded containerd version, from the Node status.
@Suite struct NodeStatusFactsTests {
    @Test(arguments: [
        ("containerd", nil, "containerd://1.7.22-k3s1", "1.7.22-k3s1"),
        ("containerd", "1.6.20-1", "containerd://1.7.22-k3s1", "1.6.20-1"),
        ("cri-o", nil, "containerd://1.7.22-k3s1", nil),
        ("containerd", nil, "containerd://", nil),
        ("containerd", nil, "containerd://1.7 k3s", nil),
        ("containerd", nil, "1.7.22", nil),
        (nil, nil, "docker://24.0.7", nil),
    ] as [(String?, String?, String, String?)])
    func runtimeVersionFromTheNode(runtime: String?, probed: String?, reported: String, expected: String?) {
        var facts = HostFacts()
        facts.containerRuntime = runtime.map { Fact($0, Evidence("/run/k3s/containerd/containerd.sock", "exists")) }
        facts.containerRuntimeVersion = probed.map { Fact($0, Evidence("/var/lib/dpkg/status", $0)) }
        let completed = facts.completed(withNodeRuntimeVersion: reported)
        #expect(completed.containerRuntimeVersion?.value == expected)
        if probed == nil, let expected {
            #expect(completed.containerRuntimeVersion?.evidence.first?.description.contains(reported) == true)
            #expect(!expected.isEmpty)
        }
    }
}

/// The one UTC formatter: certificate dates in errors, log line times.
@Suite struct UTCTimestampTests {
    @Test(arguments: [
        (Int64(0), Int?.none, "1970-01-01T00:00:00Z"),
        (Int64(1_577_923_200), Int?.none, "2020-01-02T00:00:00Z"),
        (Int64(1_796_119_200), Int?.some(7), "2026-12-01T10:00:00.007Z"),
        (Int64(951_868_799), Int?.some(999), "2000-02-29T23:59:59.999Z"),
    ])
    func formats(seconds: Int64, milliseconds: Int?, expected: String) {
        #expect(utcTimestamp(seconds, milliseconds: milliseconds) == expected)
    }
}
