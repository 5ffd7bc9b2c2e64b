import ArchLabelCore

/// The device behind `/`: its mountinfo line, then the sysfs block device (through device-mapper
/// and md layers to the disk underneath), classified by ``StorageClassifier``.
///
/// The mount table is this process's own on the live host, and PID 1's first under another root:
/// there `proc/self` is whoever reads it, e.g. a DaemonSet's pod, whose `/` is the container's
/// overlay, while PID 1 is the host's init (its mountinfo is world-readable). The other one is the
/// fallback (a unit's sandbox hides PID 1; a captured tree may hold only one of them).
enum StorageProbe {
    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        let order = context.root.isLiveHost ? ["/proc/self/mountinfo", "/proc/1/mountinfo"] : ["/proc/1/mountinfo", "/proc/self/mountinfo"]
        let mountInfo = order.lazy
            .compactMap { path in context.text(path, limit: ProbeContext.largeFileLimit).map { (path, $0) } }.first
        guard let (mountInfoPath, text) = mountInfo,
              let mount = MountInfoEntry.entry(mountedOn: "/", parsing: text) else { return }
        let mountEvidence = Evidence(mountInfoPath, "/ is \(mount.fileSystemType) on \(mount.source) (\(mount.major):\(mount.minor))")
        if StorageClassifier.networkFileSystems.contains(mount.fileSystemType) {
            facts.rootStorage = Fact(.network, mountEvidence)
            return
        }
        var devicePath: String
        if mount.major != 0 {
            devicePath = "/sys/dev/block/\(mount.major):\(mount.minor)"
        } else if mount.source.hasPrefix("/dev/"), !mount.source.contains("..") {
            devicePath = "/sys/class/block/" + mount.source.dropFirst("/dev/".count)
        } else {
            return  // overlay, zfs, tmpfs…: no block device the node can see.
        }
        for _ in 0..<4 {
            guard let resolved = context.root.resolve(devicePath), context.exists(resolved) else { return }
            let disk = context.exists(resolved + "/partition") ? parent(resolved) : resolved
            // device-mapper (LVM, LUKS) and md RAID: look through to the first underlying device.
            if let slave = context.root.list(disk + "/slaves")?.first {
                devicePath = "/sys/class/block/" + slave
                continue
            }
            let device = StorageClassifier.BlockDevice(
                name: String(disk.split(separator: "/").last ?? ""),
                sysfsPath: disk,
                rotational: context.line(disk + "/queue/rotational").map { $0 == "1" },
                mmcType: context.line(disk + "/device/type"),
                vendor: context.line(disk + "/device/vendor"))
            guard let kind = StorageClassifier.classify(device) else { return }
            facts.rootStorage = Fact(kind, [mountEvidence, Evidence(disk, describe(device))])
            return
        }
    }

    static func parent(_ path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    static func describe(_ device: StorageClassifier.BlockDevice) -> String {
        var parts = [device.name]
        if let type = device.mmcType { parts.append("type \(type)") }
        if let vendor = device.vendor { parts.append("vendor \(vendor)") }
        if let rotational = device.rotational { parts.append(rotational ? "rotational" : "non-rotational") }
        return parts.joined(separator: ", ")
    }
}
