import ArchLabelCore
import ArchLabelProbes
import Testing
import TestSupport

/// Real captures that need a probe rather than a parser (Tests/Fixtures/layouts, binfmt,
/// rpi-cpuinfo): the paths are laid out in a tree as the listing or capture shows them.
struct RealLayoutProbeTests {
    /// `ls -l /run/k3s/containerd/containerd.sock` on a k3s node (k3s-io/k3s issue, SOURCES.tsv):
    /// k3s's embedded containerd is found by its socket.
    @Test func k3sEmbeddedContainerdFromARealListing() throws {
        let listing = Fixtures.text("layouts/k3s-node/run_k3s_containerd_sock_ls-l.txt")
        let path = try #require(listing.split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map(String.init))
        let tree = HostTree().file(String(path.dropFirst()), "")
        #expect(try probeLabels(root: tree.path).labels["container-runtime"] == "containerd")
    }

    /// A Raspberry Pi 4 in a Docker container on Raspberry Pi OS 64-bit, with qemu-user-static
    /// registered for amd64 and i386 (disabled): `docker run` masks /sys/firmware, so no device
    /// tree. Real files: the Pi 4's /proc/cpuinfo (nicolargo/glances#2616: kernel 6.6, 64-bit, no
    /// Hardware line), Debian's arm64 qemu-user-static handlers as the kernel prints them.
    /// Both bug classes of issue 12 at once: the board from the cpuinfo Model line, and
    /// emulation.amd64 from an x86 handler whose mask clears bits of EI_DATA.
    @Test func aPiInAContainerWithX86Emulation() throws {
        let binfmt = "proc/sys/fs/binfmt_misc/"
        let tree = HostTree()
            .file("proc/cpuinfo", Fixtures.text("rpi-cpuinfo/rpi4b-rev1.5_raspios-arm64_gh-nicolargo-glances-i2616_serial-redacted.txt"))
            .file(".dockerenv", "")
            .file(binfmt + "status", "enabled\n")
            .file(binfmt + "register", "")
            .file(binfmt + "qemu-x86_64", Fixtures.text("binfmt/entries/derived-qemu-x86_64-debian-arm64-qemu-user-static-update-binfmts-PF"))
            .file(binfmt + "qemu-i386", Fixtures.text("binfmt/entries/derived-qemu-i386-debian-arm64-qemu-user-static-DISABLED"))
        let labels = try probeLabels(root: tree.path).labels
        #expect(labels["hardware"] == "rpi4")
        #expect(labels["hardware.model"] == "Raspberry-Pi-4-Model-B-Rev-1.5")
        #expect(labels["hardware.revision"] == "1.5")
        #expect(labels["soc"] == "bcm2711")
        #expect(labels["memory.gib"] == "8")
        #expect(labels["cpu.core"] == "cortex-a72")
        #expect(labels["virt"] == "docker")
        #expect(labels["emulation.amd64"] == "true")
        #expect(labels["emulation.386"] == nil)
    }
}
