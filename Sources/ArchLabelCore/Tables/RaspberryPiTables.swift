/// Raspberry Pi ids. Sources: raspberrypi/documentation `computers/raspberry-pi/revision-codes.adoc`
/// (types 0x00–0x19, processors 0–3, memory 0–6, old-style codes), gpiozero `pins/pi.py` and
/// WiringPi (type 0x1a CM5 Lite, 0x1b CM0, processor 4 BCM2712); upstream Linux device trees
/// (`arch/arm*/boot/dts/broadcom/*.dts`) for `compatible`.
enum RaspberryPiTables {
    /// New-style `TTTTTTTT` → family label value. 0x05 (Alpha), 0x0f and 0x16 (internal use) have none.
    static let familyByType: [UInt8: String] = [
        0x00: "rpi1", 0x01: "rpi1", 0x02: "rpi1", 0x03: "rpi1",  // A, B, A+, B+
        0x04: "rpi2",
        0x06: "rpi-cm1",
        0x08: "rpi3", 0x0d: "rpi3", 0x0e: "rpi3",  // 3B, 3B+, 3A+
        0x09: "rpi-zero", 0x0c: "rpi-zero",  // Zero, Zero W
        0x0a: "rpi-cm3", 0x10: "rpi-cm3",  // CM3, CM3+
        0x11: "rpi4",
        0x12: "rpi-zero2",
        0x13: "rpi400",
        0x14: "rpi-cm4",
        0x15: "rpi-cm4s",
        0x17: "rpi5",
        0x18: "rpi-cm5", 0x1a: "rpi-cm5",  // CM5, CM5 Lite
        0x19: "rpi500",  // 500 and 500+
        0x1b: "rpi-cm0",  // WiringPi only
    ]

    /// New-style `PPPP` → SoC label value.
    static let socByProcessor: [UInt8: String] = [
        0: "bcm2835", 1: "bcm2836", 2: "bcm2837", 3: "bcm2711", 4: "bcm2712",
    ]

    /// Old-style codes (bit 23 clear): type, RAM and PCB revision. All are BCM2835 boards.
    static let oldStyle: [UInt32: (type: UInt8, memoryMiB: Int, revision: String)] = [
        0x0002: (0x01, 256, "1.0"), 0x0003: (0x01, 256, "1.0"),
        0x0004: (0x01, 256, "2.0"), 0x0005: (0x01, 256, "2.0"), 0x0006: (0x01, 256, "2.0"),
        0x0007: (0x00, 256, "2.0"), 0x0008: (0x00, 256, "2.0"), 0x0009: (0x00, 256, "2.0"),
        0x000d: (0x01, 512, "2.0"), 0x000e: (0x01, 512, "2.0"), 0x000f: (0x01, 512, "2.0"),
        0x0010: (0x03, 512, "1.2"), 0x0011: (0x06, 512, "1.0"), 0x0012: (0x02, 256, "1.1"),
        0x0013: (0x03, 512, "1.2"), 0x0014: (0x06, 512, "1.0"), 0x0015: (0x02, 256, "1.1"),
    ]

    /// Device-tree board `compatible` entries (upstream and Raspberry Pi kernels) → family.
    static let familyByCompatible: [String: String] = [
        "raspberrypi,model-a": "rpi1", "raspberrypi,model-a-plus": "rpi1",
        "raspberrypi,model-b": "rpi1", "raspberrypi,model-b-i2c0": "rpi1",
        "raspberrypi,model-b-rev2": "rpi1", "raspberrypi,model-b-plus": "rpi1",
        "raspberrypi,compute-module": "rpi-cm1",
        "raspberrypi,model-zero": "rpi-zero", "raspberrypi,model-zero-w": "rpi-zero",
        "raspberrypi,model-zero-2-w": "rpi-zero2",
        "raspberrypi,2-model-b": "rpi2", "raspberrypi,2-model-b-rev2": "rpi2",
        "raspberrypi,3-model-b": "rpi3", "raspberrypi,3-model-b-plus": "rpi3", "raspberrypi,3-model-a-plus": "rpi3",
        "raspberrypi,3-compute-module": "rpi-cm3", "raspberrypi,3-compute-module-plus": "rpi-cm3",
        "raspberrypi,4-model-b": "rpi4", "raspberrypi,400": "rpi400",
        "raspberrypi,4-compute-module": "rpi-cm4", "raspberrypi,4-compute-module-s": "rpi-cm4s",
        "raspberrypi,5-model-b": "rpi5", "raspberrypi,5-compute-module": "rpi-cm5",
        "raspberrypi,500": "rpi500", "raspberrypi,500-plus": "rpi500",
    ]

    /// Model-string words after "Raspberry Pi " → family, longest match first. Firmware strings
    /// ("Raspberry Pi 3 Model B Plus Rev 1.3") and upstream ones ("Raspberry Pi 3 Model B+") both
    /// start this way.
    static let familyByModelPrefix: [(prefix: String, family: String)] = [
        ("Compute Module 5", "rpi-cm5"), ("Compute Module 4S", "rpi-cm4s"), ("Compute Module 4", "rpi-cm4"),
        ("Compute Module 3", "rpi-cm3"), ("Compute Module 0", "rpi-cm0"), ("Compute Module", "rpi-cm1"),
        ("Zero 2", "rpi-zero2"), ("Zero", "rpi-zero"),
        ("500", "rpi500"), ("400", "rpi400"),
        ("5 ", "rpi5"), ("4 ", "rpi4"), ("3 ", "rpi3"), ("2 ", "rpi2"), ("Model ", "rpi1"),
    ]
}
