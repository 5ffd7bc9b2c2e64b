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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
    ],
    targets: [
        // libsystemd (sd_notify, sd_journal_*) through pkg-config; Debian: libsystemd-dev.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // libyaml through pkg-config; Debian: libyaml-dev. Chosen over Yams, which needs full
        // Foundation (NSRegularExpression, DateFormatter) and with it ICU's data (docs/publishing.md).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // zlib through pkg-config; Debian: zlib1g-dev. gzip for `--capture FILE.tar.gz` (the binary
        // links libz already, through AsyncHTTPClient's compression support).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Two syscalls Swift cannot make directly: CPUID (live-only fact on x86) and openat2 RESOLVE_IN_ROOT.
        .target(name: "CPlatform"),
        // Pure code: facts, parsers, id tables, label syntax, labelers. No I/O.
        .target(name: "ArchLabelCore"),
        // The only code that reads the host: one root value, bounded reads, one probe per source.
        .target(
            name: "ArchLabelProbes",
            dependencies: ["ArchLabelCore", "ArchLabelYAML", "CPlatform", "CZlib"]
        ),
        // YAML documents as a tree of nodes that know their line and column (kubeconfig, config file).
        .target(
            name: "ArchLabelYAML",
            dependencies: ["CYAML"]
        ),
        // The configuration file: model, strict parsing with located errors, rules.
        .target(
            name: "ArchLabelConfig",
            dependencies: ["ArchLabelCore", "ArchLabelProbes", "ArchLabelYAML"]
        ),
        // Talks to the Kubernetes API: kubeconfig, credential discovery, the Node client, publishing.
        .target(
            name: "ArchLabelKube",
            dependencies: [
                "ArchLabelCore",
                "ArchLabelProbes",
                "ArchLabelYAML",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // systemd integration: sd_notify and the native journal log handler.
        .target(
            name: "ArchLabelSystemd",
            dependencies: [
                "CSystemd",
                "ArchLabelCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The long-lived service: first cycle, watch, drift repair, re-probe, backoff, sd_notify.
        .target(
            name: "ArchLabelDaemon",
            dependencies: [
                "ArchLabelCore",
                "ArchLabelProbes",
                "ArchLabelKube",
                "ArchLabelSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The command line: options, validation, help text. Hand-written (docs/footprint.md).
        .target(
            name: "ArchLabelCLI",
            dependencies: [
                "ArchLabelCore",
                "ArchLabelSystemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "archlabeld",
            dependencies: [
                "ArchLabelCLI",
                "ArchLabelCore",
                "ArchLabelProbes",
                "ArchLabelSystemd",
                "ArchLabelKube",
                "ArchLabelDaemon",
                "ArchLabelConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Shared by the test targets: fixture locations and table readers.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ArchLabelCLITests",
            dependencies: ["ArchLabelCLI", "ArchLabelCore", "ArchLabelSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ArchLabelCoreTests",
            dependencies: ["ArchLabelCore", "TestSupport"]
        ),
        .testTarget(
            name: "ArchLabelProbesTests",
            dependencies: ["ArchLabelCore", "ArchLabelProbes", "TestSupport"]
        ),
        // A kube-apiserver look-alike for Nodes over real TLS (NIO + NIOSSL), used by the tests
        // and by the publish benchmark.
        .target(
            name: "TestAPIServer",
            dependencies: [
                "ArchLabelCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/TestAPIServer"
        ),
        .executableTarget(
            name: "archlabeld-test-apiserver",
            dependencies: ["TestAPIServer"],
            path: "Tests/TestAPIServerTool"
        ),
        .testTarget(
            name: "ArchLabelConfigTests",
            dependencies: ["ArchLabelConfig", "ArchLabelCore", "ArchLabelProbes", "ArchLabelYAML", "TestSupport"]
        ),
        .testTarget(
            name: "ArchLabelYAMLTests",
            dependencies: ["ArchLabelYAML"]
        ),
        .testTarget(
            name: "ArchLabelKubeTests",
            dependencies: ["ArchLabelKube", "ArchLabelCore", "ArchLabelProbes", "TestAPIServer", "TestSupport"]
        ),
        .testTarget(
            name: "ArchLabelSystemdTests",
            dependencies: ["ArchLabelSystemd", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ArchLabelDaemonTests",
            dependencies: [
                "ArchLabelDaemon", "ArchLabelKube", "ArchLabelCore", "ArchLabelProbes", "TestAPIServer", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Runs the built `archlabeld` binary end to end (exit codes, output formats).
        .testTarget(
            name: "archlabeldTests",
            dependencies: ["TestSupport", "TestAPIServer", "ArchLabelYAML"]
        ),
    ]
)
