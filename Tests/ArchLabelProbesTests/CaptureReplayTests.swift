import ArchLabelCore
import ArchLabelProbes
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// `--capture` as the probes see it: a capture of a tree replays its labels, evidence and warnings,
/// holds exactly the bytes the probes read, and never holds credentials.
struct CaptureReplayTests {
    /// Every `--root` tree of the fixtures that is a directory: the host scenarios (with the live
    /// facts recorded beside them), the USB and PCI device trees and the virt-what cases. The lscpu
    /// dumps have their own test.
    static let trees: [String] = Fixtures.names(in: "hosts").filter { !$0.contains(".") }.map { "hosts/\($0)" }
        + Fixtures.names(in: "devices/trees").map { "devices/trees/\($0)" }
        + Fixtures.names(in: "virt-what/cases").map { "virt-what/cases/\($0)" }

    struct Replay {
        var original: (set: LabelSet, facts: HostFacts)
        var replayed: (set: LabelSet, facts: HostFacts)
        var tree: CaptureTree
        /// Holds the capture (and keeps it until the test ends).
        var directories: [HostTree]
    }

    /// Probes `root` through a recording root, writes the capture (as `archlabeld --capture` does)
    /// and probes the capture with the live facts its manifest gives.
    static func captureAndReplay(root: String, live: LiveFacts = .none, archive: Bool = false) throws -> Replay {
        let recorder = ReadRecorder()
        let facts = HostProber(root: try HostRoot(path: root, recorder: recorder), live: live).probe()
        let tree = CaptureTree(recorder.observations)
        let manifest = CaptureManifest(archlabeldVersion: "test", time: "2026-12-06T00:00:00Z", commandLine: ["test"], root: root,
                                       live: live, leftOut: [:])
        let output = HostTree()
        let manifestBytes = Array(manifest.json.serialized().utf8)
        var directories = [output]
        let replay: String
        if archive {
            try CaptureWriter.write(tree, manifest: manifestBytes, to: output.path + "/capture.tar.gz", time: 0)
            let extracted = HostTree()
            directories.append(extracted)
            replay = try extracted.extract(output.path + "/capture.tar.gz")
        } else {
            replay = output.path + "/replay"
            try CaptureWriter.write(tree, manifest: manifestBytes, to: replay, time: 0)
        }
        let replayedFacts = HostProber(root: try HostRoot(path: replay)).probe()
        return Replay(
            original: (LabelSet(BuiltinLabelers.all(facts), prefix: try LabelPrefix("")), facts),
            replayed: (LabelSet(BuiltinLabelers.all(replayedFacts), prefix: try LabelPrefix("")), replayedFacts),
            tree: tree, directories: directories)
    }

    /// The files of a capture tree by path.
    static func files(of tree: CaptureTree) -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: tree.entries.compactMap { entry -> (String, [UInt8])? in
            if case .file(let path, let bytes) = entry { return (path, bytes) }
            return nil
        })
    }

    static func liveFacts(_ tree: String) -> LiveFacts {
        LiveFacts(cpuidSignature: Fixtures.labels("\(tree)/live")["cpuid"])
    }

    static func root(_ tree: String) -> String {
        tree.hasPrefix("hosts/") ? Fixtures.path("\(tree)/root") : Fixtures.path(tree)
    }

    @Test(arguments: trees)
    func aCaptureOfAFixtureReplaysItsLabelsEvidenceAndWarnings(_ tree: String) throws {
        let replay = try Self.captureAndReplay(root: Self.root(tree), live: Self.liveFacts(tree))
        #expect(!replay.original.set.entries.isEmpty)
        #expect(replay.replayed.set.entries == replay.original.set.entries, "\(tree)")
        #expect(replay.replayed.facts.allWarnings == replay.original.facts.allWarnings, "\(tree)")
        #expect(replay.replayed.facts.devices == replay.original.facts.devices, "\(tree)")
    }

    /// A capture of a fixture is the fixture, for what the probes read: every captured file holds
    /// the fixture's bytes at that path (PID 1's environment cut down to `container=`), and every
    /// captured link its target.
    @Test(arguments: trees)
    func aCaptureOfAFixtureHoldsTheFixturesBytes(_ tree: String) throws {
        let replay = try Self.captureAndReplay(root: Self.root(tree), live: Self.liveFacts(tree))
        let fixture = try HostRoot(path: Self.root(tree))
        var files = 0
        for entry in replay.tree.entries {
            switch entry {
            case .file(let path, let bytes) where !bytes.isEmpty:
                files += 1
                guard case .bytes(let original, _) = fixture.read(path, limit: 8 << 20) else {
                    Issue.record("\(tree): \(path) is not in the fixture")
                    continue
                }
                #expect(bytes == CapturePolicy.kept(path, original).bytes, "\(tree): \(path)")
            case .link(let path, let target):
                #expect(fixture.readLink(path) == target, "\(tree): \(path)")
            default:
                break
            }
        }
        #expect(files > 0)
    }

    @Test(arguments: LscpuDumpTests.dumps)
    func aCaptureOfAnLscpuDumpReplaysIt(_ dump: String) throws {
        let tree = HostTree()
        let root = try tree.extract(Fixtures.path("lscpu/dumps/\(dump).tar.gz")) + "/" + dump
        let replay = try Self.captureAndReplay(root: root)
        #expect(replay.replayed.set.entries == replay.original.set.entries, "\(dump)")
    }

    @Test func aCompressedArchiveReplaysLikeADirectory() throws {
        let tree = "hosts/rpi4-raspios-arm64"
        let replay = try Self.captureAndReplay(root: Self.root(tree), archive: true)
        #expect(replay.replayed.set.entries == replay.original.set.entries)
        #expect(replay.replayed.set["hardware"] == "rpi4")
    }

    /// The live-only facts come back from the manifest: a KVM guest's CPUID signature is evidence.
    @Test func aReplayUsesTheCapturedLiveFacts() throws {
        let replay = try Self.captureAndReplay(root: Self.root("hosts/kvm-guest"), live: Self.liveFacts("hosts/kvm-guest"))
        let virt = replay.replayed.set.entries.first { $0.name == "virt" }
        #expect(virt?.value == "kvm")
        #expect(virt?.evidence == replay.original.set.entries.first { $0.name == "virt" }?.evidence)
    }

    @Test func secretsAreNeverCapturedAndPID1sEnvironmentIsCutDown() {
        var observations = ReadRecorder.Observations()
        observations.files = [
            "/var/lib/rancher/k3s/agent/kubelet.kubeconfig": Array("users: [{user: {client-key-data: S3CRET}}]".utf8),
            "/var/lib/rancher/k3s/agent/client-kubelet.key": Array("-----BEGIN EC PRIVATE KEY-----".utf8),
            "/var/run/secrets/kubernetes.io/serviceaccount/token": Array("eyJhbGciOi".utf8),
            "/etc/rancher/k3s/config.yaml": Array("token: K10abc".utf8),
            "/root/.kube/config": Array("kind: Config".utf8),
            "/proc/1/environ": Array("PATH=/bin\u{0}container=lxc\u{0}DB_PASSWORD=hunter2\u{0}".utf8),
            "/proc/cpuinfo": Array("processor\t: 0\n".utf8),
        ]
        observations.listings = ["/var/run/secrets/kubernetes.io/serviceaccount": [
            ReadRecorder.ListedEntry(name: "token", kind: .other, linkTarget: nil),
            ReadRecorder.ListedEntry(name: "namespace", kind: .other, linkTarget: nil),
        ]]
        let tree = CaptureTree(observations)
        let files = Self.files(of: tree)
        // Not even an empty placeholder for a listed file in a secrets directory.
        #expect(Set(files.keys) == ["/proc/1/environ", "/proc/cpuinfo"])
        #expect(files["/proc/1/environ"] == Array("container=lxc\u{0}".utf8))
        #expect(Set(tree.leftOut.map(\.path)) == [
            "/var/lib/rancher/k3s/agent/kubelet.kubeconfig", "/var/lib/rancher/k3s/agent/client-kubelet.key",
            "/var/run/secrets/kubernetes.io/serviceaccount/token", "/etc/rancher/k3s/config.yaml", "/root/.kube/config",
            "/proc/1/environ",
        ])
        let everything = files.values.flatMap { $0 }
        for secret in ["S3CRET", "PRIVATE KEY", "eyJhbGciOi", "K10abc", "hunter2"] {
            #expect(String(decoding: everything, as: UTF8.self).contains(secret) == false, "\(secret)")
        }
    }

    /// A file cut at its read limit stays too long in the capture: a drop-in over 64 KiB is skipped
    /// with the same warning on replay (not parsed from its first 64 KiB).
    @Test func aFileOverItsLimitReplaysAsTooLong() throws {
        let original = HostTree().file("etc/archlabeld/labels.d/big", String(repeating: "k=v\n", count: 20_000))
        let recorder = ReadRecorder()
        let root = try HostRoot(path: original.path, recorder: recorder)
        _ = root.read("/etc/archlabeld/labels.d/big", limit: 64 << 10)
        let tree = CaptureTree(recorder.observations)
        let output = HostTree()
        try CaptureWriter.write(tree, manifest: [], to: output.path + "/c", time: 0)
        guard case .bytes(let bytes, let truncated) = try HostRoot(path: output.path + "/c").read("/etc/archlabeld/labels.d/big", limit: 64 << 10) else {
            Issue.record("the file is not in the capture")
            return
        }
        #expect(truncated && bytes.count == 64 << 10)
    }

    /// What could not be read is not made up: no placeholder, and it is listed as left out.
    @Test func anUnreadableFileIsLeftOutNotEmptied() {
        var observations = ReadRecorder.Observations()
        observations.listings = ["/etc/archlabeld/labels.d": [ReadRecorder.ListedEntry(name: "private", kind: .other, linkTarget: nil)]]
        observations.failed = ["/etc/archlabeld/labels.d/private": "permission denied"]
        let tree = CaptureTree(observations)
        #expect(!tree.entries.contains { $0.path == "/etc/archlabeld/labels.d/private" })
        #expect(tree.leftOut.map(\.path) == ["/etc/archlabeld/labels.d/private"])
    }

    /// Every name a file was reached by counts: a link named like a kubeconfig to a neutral path,
    /// a link inside a secrets directory; threads' environments and process command lines.
    @Test func secretsReachedThroughLinksAndProcessFilesAreLeftOut() {
        var observations = ReadRecorder.Observations()
        observations.files = [
            "/srv/k8s/admin": Array("S3CRET".utf8),
            "/proc/1/task/1/environ": Array("container=lxc\u{0}DB_PASSWORD=x\u{0}".utf8),
            "/proc/812/cmdline": Array("k3s\u{0}server\u{0}--token=S3CRET\u{0}".utf8),
            "/proc/cmdline": Array("console=tty1 cgroup_enable=memory\n".utf8),
        ]
        observations.aliases = ["/srv/k8s/admin": ["/etc/archlabeld/labels.d/cluster.kubeconfig"]]
        observations.links = ["/var/run/secrets/kubernetes.io/serviceaccount/token": "..data/token"]
        let tree = CaptureTree(observations)
        let files = Self.files(of: tree)
        #expect(files["/srv/k8s/admin"] == nil)
        #expect(!tree.entries.contains { $0.path == "/var/run/secrets/kubernetes.io/serviceaccount/token" })
        #expect(files["/proc/1/task/1/environ"] == Array("container=lxc\u{0}".utf8))
        #expect(files["/proc/812/cmdline"] == [])
        #expect(files["/proc/cmdline"] == Array("console=tty1 cgroup_enable=memory\n".utf8))
    }

    /// A capture whose manifest cannot be used says so instead of replaying without live facts.
    @Test func anUnusableManifestIsWarnedAbout() throws {
        let tree = HostTree().file("archlabeld-capture.json", #"{"format": 2}"#).file("proc/cpuinfo", "processor\t: 0\n")
        let facts = HostProber(root: try HostRoot(path: tree.path)).probe()
        #expect(facts.warnings.first?.source == "/archlabeld-capture.json")
        #expect(facts.warnings.first?.message.contains("not used") == true)
    }

    @Test func theWriterNeverOverwrites() throws {
        let output = HostTree().file("taken/file", "x").file("taken.tar.gz", "x")
        let tree = CaptureTree(ReadRecorder.Observations())
        #expect(throws: CaptureWriter.Failure.self) { try CaptureWriter.write(tree, manifest: [], to: output.path + "/taken", time: 0) }
        #expect(throws: CaptureWriter.Failure.self) { try CaptureWriter.write(tree, manifest: [], to: output.path + "/taken.tar.gz", time: 0) }
        try CaptureWriter.write(tree, manifest: Array("{}".utf8), to: output.path + "/new", time: 0)
        #expect(FileManager.default.fileExists(atPath: output.path + "/new/" + CaptureManifest.fileName))
        // An empty directory someone else owns is not written into (as root, the test can make one).
        output.directory("theirs")
        if getuid() == 0, chown(output.path + "/theirs", 65534, 65534) == 0 {
            #expect(throws: CaptureWriter.Failure.self) { try CaptureWriter.write(tree, manifest: [], to: output.path + "/theirs", time: 0) }
        }
        // A link planted where the archive is to be written is not followed.
        output.symlink("planted.tar.gz", to: output.path + "/elsewhere")
        #expect(throws: CaptureWriter.Failure.self) { try CaptureWriter.write(tree, manifest: [], to: output.path + "/planted.tar.gz", time: 0) }
        #expect(!FileManager.default.fileExists(atPath: output.path + "/elsewhere"))
    }

    /// Paths longer than ustar's 100-byte name and 155-byte prefix (deep sysfs device paths), and
    /// link targets over 100 bytes, survive GNU tar through pax records.
    @Test func longPathsSurviveTheArchive() throws {
        let deep = "/sys/devices/platform/axi/1000110000.pcie/pci0001:00/0001:00:00.0/0001:01:00.0/nvme/nvme0/nvme0n1/"
            + String(repeating: "very-long-directory-name/", count: 8) + "queue/rotational"
        let target = "../" + String(repeating: "x", count: 150)
        var observations = ReadRecorder.Observations()
        observations.files = [deep: Array("0\n".utf8)]
        observations.links = ["/sys/block/nvme0n1": target]
        let output = HostTree()
        try CaptureWriter.write(CaptureTree(observations), manifest: [], to: output.path + "/c.tar.gz", time: 0)
        let extracted = HostTree()
        let root = try extracted.extract(output.path + "/c.tar.gz")
        #expect(FileManager.default.contents(atPath: root + deep) == Data("0\n".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/sys/block/nvme0n1") == target)
    }

    @Test func theManifestCarriesTheLiveFacts() throws {
        let live = LiveFacts(kernelRelease: "6.6.51+rpt-rpi-v8", machine: "aarch64", cpuidSignature: "KVMKVMKVM", pageSize: 16384)
        let manifest = CaptureManifest(archlabeldVersion: "0.1.0", time: "2026-12-06T00:00:00Z", commandLine: ["archlabeld", "--capture", "x"],
                                       root: "/", live: live, leftOut: ["/proc/1/environ": "only the container= variable kept"])
        #expect(try CaptureManifest.liveFacts(parsing: Array(manifest.json.serialized().utf8)) == live)
        #expect(try CaptureManifest.liveFacts(parsing: Array(#"{"format": 1, "future": [1, 2]}"#.utf8)) == .none)
        for bad in [#"{"format": 2}"#, #"{"live": {"pageSize": "big"}}"#, #"{"live": {"pageSize": -4096}}"#, "[1, 2]", #"{"live": ["#, ""] {
            #expect(throws: (any Error).self, "\(bad)") { try CaptureManifest.liveFacts(parsing: Array(bad.utf8)) }
        }
    }
}
