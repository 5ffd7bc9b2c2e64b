/// Single-board computers other than the Raspberry Pi, keyed by their device-tree board
/// `compatible` entry. Source: the Linux device-tree sources (v7.1) as listed in the corpus table
/// `dt-models.tsv` (`arch/arm64/boot/dts/{nvidia,rockchip,amlogic,ti}/…`). Boards missing here
/// still get a `hardware` value: their first `compatible` entry, sanitised.
enum BoardTables {
    /// Exact board compatibles → `hardware` value.
    static let hardwareByCompatible: [String: String] = [
        // NVIDIA Jetson (tegra210/186/194 boards; every tegra234 board is matched by SoC below).
        "nvidia,p3450-0000": "jetson-nano",
        "nvidia,p2371-2180": "jetson-tx1",
        "nvidia,p3509-0000+p3636-0001": "jetson-tx2-nx",
        "nvidia,p3509-0000+p3668-0000": "jetson-xavier-nx", "nvidia,p3509-0000+p3668-0001": "jetson-xavier-nx",
        "nvidia,p2972-0000": "jetson-agx-xavier",
        // Radxa
        "radxa,rockpi4b": "rock-pi-4b", "radxa,rockpi4b-plus": "rock-pi-4b-plus",
        "radxa,rock-5b": "rock-5b", "radxa,rock-5b-plus": "rock-5b-plus", "radxa,rock-5a": "rock-5a",
        "radxa,rock-5c": "rock-5c", "radxa,rock-5t": "rock-5t",
        // Xunlong Orange Pi
        "xunlong,orangepi-5": "orangepi-5", "xunlong,orangepi-5b": "orangepi-5b",
        "xunlong,orangepi-5-plus": "orangepi-5-plus", "xunlong,orangepi-5-max": "orangepi-5-max",
        "xunlong,orangepi-5-ultra": "orangepi-5-ultra",
        // Pine64
        "pine64,rockpro64-v2.1": "rockpro64", "pine64,rockpro64-v2.0": "rockpro64", "pine64,rockpro64": "rockpro64",
        "pine64,quartz64-a": "quartz64-a", "pine64,rock64": "rock64",
        // Hardkernel ODROID
        "hardkernel,odroid-n2": "odroid-n2", "hardkernel,odroid-n2-plus": "odroid-n2-plus",
        "hardkernel,odroid-n2l": "odroid-n2l", "hardkernel,odroid-c4": "odroid-c4", "hardkernel,odroid-hc4": "odroid-hc4",
        "hardkernel,odroid-c2": "odroid-c2", "hardkernel,odroid-m1": "odroid-m1", "hardkernel,odroid-m1s": "odroid-m1s",
        // BeagleBoard.org
        "ti,am335x-bone-black": "beaglebone-black", "ti,am335x-bone-green": "beaglebone-green",
        "beagle,j721e-beagleboneai64": "beaglebone-ai64", "beagle,am625-beagleplay": "beagleplay",
        "beagle,am67a-beagley-ai": "beagley-ai", "beagle,am62-pocketbeagle2": "pocketbeagle2",
    ]

    /// SoC compatibles that name the board family on their own (any carrier board).
    static let hardwareBySoC: [String: String] = [
        "nvidia,tegra234": "jetson-orin",
    ]

    /// Vendors whose SoC compatibles list the chip before the family (`amlogic,s922x amlogic,g12b`):
    /// the first entry of that vendor is the SoC. For every other vendor the last entry is.
    static let chipFirstVendors: Set<String> = ["amlogic"]
}
