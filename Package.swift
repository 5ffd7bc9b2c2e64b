// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "archlabeld",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "archlabeld", targets: ["archlabeld"]),
        .library(name: "ArchLabelCore", targets: ["ArchLabelCore"]),
        .library(name: "ArchLabelProbes", targets: ["ArchLabelProbes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libsystemd (sd_notify, sd_journal_*) through pkg-config; Debian: libsystemd-dev.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Two syscalls Swift cannot make directly: CPUID (live-only fact on x86) and openat2 RESOLVE_IN_ROOT.
        .target(name: "CPlatform"),
        // Pure code: facts, parsers, id tables, label syntax, labelers. No I/O.
        .target(name: "ArchLabelCore"),
        // The only code that reads the host: one root value, bounded reads, one probe per source.
        .target(
            name: "ArchLabelProbes",
            dependencies: ["ArchLabelCore", "CPlatform"]
        ),
        .target(
            name: "ArchLabelSystemd",
            dependencies: ["CSystemd"]
        ),
        .executableTarget(
            name: "archlabeld",
            dependencies: [
                "ArchLabelCore",
                "ArchLabelProbes",
                "ArchLabelSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: fixture locations and table readers.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ArchLabelCoreTests",
            dependencies: ["ArchLabelCore", "TestSupport"]
        ),
        .testTarget(
            name: "ArchLabelProbesTests",
            dependencies: ["ArchLabelCore", "ArchLabelProbes", "TestSupport"]
        ),
        .testTarget(
            name: "ArchLabelSystemdTests",
            dependencies: ["ArchLabelSystemd"]
        ),
        // Runs the built `archlabeld` binary end to end (exit codes, output formats).
        .testTarget(
            name: "archlabeldTests",
            dependencies: ["TestSupport"]
        ),
    ]
)
