import ArchLabelCore
import ArchLabelProbes
import Testing
import TestSupport

/// Which mount table says what `/` is. Under `--root /host` in a DaemonSet, `proc/self` is the
/// pod reading it (its `/` is the container's overlay) while PID 1 is the host's init: the
/// storage label must come from PID 1's table, with this process's as the fallback.
struct MountTableChoiceTests {
    static let podMountInfo = """
        2210 1944 0:412 / / ro,relatime master:1 - overlay overlay rw,lowerdir=/var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/91/fs,upperdir=/var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/95/fs,workdir=/var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/95/work
        2211 2210 0:414 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        2235 2210 179:2 / /host ro,noatime master:1 - ext4 /dev/mmcblk0p2 rw

        """

    @Test func underAnotherRootPID1sTableWinsOverThePodsOwn() throws {
        let tree = try HostTree(copying: "hosts/rpi4-raspios-arm64/root")
        let hostTable = Fixtures.text("hosts/rpi4-raspios-arm64/root/proc/self/mountinfo")
        tree.file("proc/1/mountinfo", hostTable).file("proc/self/mountinfo", Self.podMountInfo)
        let (labels, _, set) = try probeLabels(root: tree.path)
        #expect(labels["storage.root"] == "sdcard")
        let evidence = try #require(set.entries.first { $0.key == "storage.root" }).evidence.description
        #expect(evidence.contains("/proc/1/mountinfo"), "\(evidence)")
    }

    @Test func withoutPID1sTableThisProcesssOwnIsUsed() throws {
        let tree = try HostTree(copying: "hosts/rpi4-raspios-arm64/root")
        #expect(try probeLabels(root: tree.path).labels["storage.root"] == "sdcard")
        tree.file("proc/self/mountinfo", Self.podMountInfo)
        #expect(try probeLabels(root: tree.path).labels["storage.root"] == nil, "an overlay root has no block device")
    }
}
