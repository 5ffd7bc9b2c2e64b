/// The well-known devices behind `accelerator.<name>` and `gpu.vendor`. Every id is cited: the
/// usb.ids and pci.ids databases (linux-usb.org, pci-ids.ucw.cz), the vendors' own udev rules
/// and documentation, and public `lsusb`/`lspci` listings (Tests/Fixtures/devices/SOURCES.tsv).
enum DeviceTables {
    /// One accelerator id: the bus it appears on, the id, the label name, and the source.
    struct Accelerator {
        enum Bus { case usb, pci }
        var bus: Bus
        var id: DeviceID
        var name: String
        var source: String
    }

    static let accelerators: [Accelerator] = [
        // Google Coral USB Accelerator: 1a6e:089a until the Edge TPU runtime loads its firmware,
        // then 18d1:9302 (Coral's udev rules name both vendors; usb.ids: 1a6e Global Unichip
        // Corp., 18d1:9302 Google Inc.).
        Accelerator(bus: .usb, id: DeviceID(0x1a6e, 0x089a), name: "coral", source: "usb.ids 1a6e:089a; Coral USB Accelerator before firmware load"),
        Accelerator(bus: .usb, id: DeviceID(0x18d1, 0x9302), name: "coral", source: "usb.ids 18d1:9302; Coral USB Accelerator after firmware load"),
        // Coral M.2 and Mini PCIe accelerators (pci.ids: 1ac1 Global Unichip Corp., 089a Coral Edge TPU).
        Accelerator(bus: .pci, id: DeviceID(0x1ac1, 0x089a), name: "coral", source: "pci.ids 1ac1:089a Coral Edge TPU"),
        // Hailo-8 and Hailo-8L share one id (the Raspberry Pi AI Kit and AI HAT+); Hailo-10H
        // (AI HAT+ 2). pci.ids: 1e60 Hailo Technologies Ltd.
        Accelerator(bus: .pci, id: DeviceID(0x1e60, 0x2864), name: "hailo", source: "pci.ids 1e60:2864 Hailo-8 AI Processor (also Hailo-8L)"),
        Accelerator(bus: .pci, id: DeviceID(0x1e60, 0x45c4), name: "hailo", source: "pci.ids 1e60:45c4 Hailo-10H AI Processor"),
        // Intel Neural Compute Stick 2 (Myriad X), and the id both sticks take once a runtime has
        // booted them (OpenVINO's 97-myriad-usbboot.rules lists 2150, 2485 and f63b).
        Accelerator(bus: .usb, id: DeviceID(0x03e7, 0x2485), name: "ncs2", source: "usb.ids 03e7:2485 Movidius MyriadX"),
        Accelerator(bus: .usb, id: DeviceID(0x03e7, 0xf63b), name: "ncs2", source: "usb.ids 03e7:f63b Myriad VPU, booted"),
        // The first Neural Compute Stick (Myriad 2).
        Accelerator(bus: .usb, id: DeviceID(0x03e7, 0x2150), name: "ncs", source: "usb.ids 03e7:2150 Myriad VPU [Movidius Neural Compute Stick]"),
    ]

    /// A display controller's vendor: the `gpu.vendor` value and how likely it is to be the GPU
    /// people schedule on (3: discrete GPU makers; 2: integrated or unknown; 1: BMC and virtual
    /// display adapters, which only drive a console).
    struct GPUVendor {
        var value: String
        var rank: Int
    }

    /// pci.ids vendor names → values; QEMU's standard VGA (1234:1111) per QEMU's
    /// docs/specs/standard-vga.rst.
    static let gpuVendors: [UInt16: GPUVendor] = [
        0x10de: GPUVendor(value: "nvidia", rank: 3),      // NVIDIA Corporation
        0x1002: GPUVendor(value: "amd", rank: 3),         // Advanced Micro Devices, Inc. [AMD/ATI]
        0x8086: GPUVendor(value: "intel", rank: 2),       // Intel Corporation
        0x1a03: GPUVendor(value: "aspeed", rank: 1),      // ASPEED Technology, Inc. (BMC)
        0x102b: GPUVendor(value: "matrox", rank: 1),      // Matrox Electronics Systems Ltd. (BMC)
        0x15ad: GPUVendor(value: "vmware", rank: 1),      // VMware (SVGA II)
        0x1234: GPUVendor(value: "qemu", rank: 1),        // QEMU standard VGA / bochs-display
        0x1b36: GPUVendor(value: "redhat", rank: 1),      // Red Hat, Inc. (QXL)
        0x1af4: GPUVendor(value: "redhat", rank: 1),      // Red Hat, Inc. (virtio-gpu)
        0x1013: GPUVendor(value: "cirrus", rank: 1),      // Cirrus Logic (emulated GD 5446)
        0x80ee: GPUVendor(value: "virtualbox", rank: 1),  // InnoTek Systemberatung GmbH (VirtualBox)
        0x1414: GPUVendor(value: "microsoft", rank: 1),   // Microsoft Corporation (Hyper-V)
    ]
}
