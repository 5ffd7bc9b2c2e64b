/// What the block device behind `/` is, from its sysfs description. Order: network file systems;
/// then the device's own kind (NVMe, MMC with its SD/eMMC type); then the bus it hangs off (USB
/// before everything else, since a USB SSD on a Pi wears like an SD card's neighbour, not like
/// an internal disk); then virtual disks (virtio, Xen, Hyper-V VMBus, emulated SCSI vendors);
/// finally rotational or not.
public enum StorageClassifier {
    /// File systems whose data lives on another machine.
    public static let networkFileSystems: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs", "fuse.glusterfs", "fuse.sshfs", "9p", "virtiofs",
    ]

    /// SCSI `device/vendor` strings of hypervisors' emulated disks.
    public static let virtualDiskVendors: Set<String> = ["QEMU", "VMware", "VMware,", "Msft", "VBOX", "Xen", "Google", "Amazon"]

    /// A disk as sysfs describes it.
    public struct BlockDevice: Sendable, Equatable {
        /// The whole disk's name, e.g. `mmcblk0`, `nvme0n1`, `sda`.
        public var name: String
        /// The resolved sysfs device path, e.g. `/sys/devices/platform/…/block/mmcblk0`.
        public var sysfsPath: String
        public var rotational: Bool?
        /// MMC `device/type`: `SD`, `MMC`, `SDIO`.
        public var mmcType: String?
        /// SCSI `device/vendor`, trimmed.
        public var vendor: String?

        public init(name: String, sysfsPath: String, rotational: Bool? = nil, mmcType: String? = nil, vendor: String? = nil) {
            self.name = name
            self.sysfsPath = sysfsPath
            self.rotational = rotational
            self.mmcType = mmcType
            self.vendor = vendor
        }
    }

    public static func classify(_ device: BlockDevice) -> StorageKind? {
        if device.name.hasPrefix("nvme") { return .nvme }
        if device.name.hasPrefix("mmcblk") {
            switch device.mmcType {
            case "SD": return .sdcard
            case "MMC": return .emmc
            default: return nil
            }
        }
        if device.sysfsPath.contains("/usb") { return .usb }
        if device.name.hasPrefix("vd") || device.name.hasPrefix("xvd") { return .virtual }
        let path = device.sysfsPath.lowercased()  // Hyper-V spells its bus `VMBUS:00`
        if ["/virtio", "/vmbus", "/xen"].contains(where: path.contains) { return .virtual }
        if let vendor = device.vendor, virtualDiskVendors.contains(vendor) { return .virtual }
        if device.name.hasPrefix("loop") || device.name.hasPrefix("ram") || device.name.hasPrefix("zram") { return nil }
        guard let rotational = device.rotational else { return nil }
        return rotational ? .hdd : .ssd
    }
}
