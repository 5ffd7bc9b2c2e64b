import Foundation
import Testing
import TestSupport

/// The systemd unit `systemd/archlabeld.service` as systemd itself judges it:
/// `systemd-analyze security --offline=yes` rates its sandbox at an exposure of 1.5 or better,
/// `systemd-analyze verify` finds nothing wrong, the directives the daemon relies on are there
/// (docs/daemon.md, docs/unit.md), and every sandboxing directive says why it is safe.
/// Needs `systemd-analyze` (Debian: the systemd package, installed by scripts/setup-debian.sh);
/// without it these tests fail with that message instead of being skipped.
@Suite struct UnitFileTests {
    static let unitPath = Fixtures.repository.appendingPathComponent("systemd/archlabeld.service").path
    static var unitText: String { Fixtures.repositoryText("systemd/archlabeld.service") }

    /// The highest exposure the unit may have (systemd-analyze's 0.0 … 10.0 scale).
    static let maximumExposure = 1.5

    // MARK: systemd-analyze

    struct Output {
        var status: Int32
        /// stdout and stderr together: systemd-analyze reports problems on stderr.
        var text: String
    }

    static let analyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `systemd-analyze ARGUMENTS` off the cooperative threads; fails the test when the tool is missing.
    static func systemdAnalyze(_ arguments: [String]) async throws -> Output {
        let tool = try #require(analyze, "systemd-analyze not found: install systemd (apt-get install systemd; scripts/setup-debian.sh does)")
        return try await offload {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["SYSTEMD_COLORS"] = "0"
            environment["SYSTEMD_PAGER"] = "cat"
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
        }
    }

    /// The figure of `→ Overall exposure level for archlabeld.service: 1.4 OK 🙂`.
    static func overallExposure(in text: String) -> Double? {
        for line in text.split(separator: "\n") {
            guard let range = line.range(of: "Overall exposure level for ") else { continue }
            let rest = line[range.upperBound...]
            guard let colon = rest.range(of: ": ") else { continue }
            return Double(rest[colon.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        return nil
    }

    @Test func securityExposureIsAtMostOnePointFive() async throws {
        // --threshold is on systemd's internal 0…100 scale: 15 means an exposure of 1.5.
        let result = try await Self.systemdAnalyze(["security", "--offline=yes", "--threshold=15", Self.unitPath])
        let exposure = try #require(Self.overallExposure(in: result.text), "no overall exposure in:\n\(result.text)")
        let weak = result.text.split(separator: "\n").filter { $0.hasPrefix("✗") }.joined(separator: "\n")
        #expect(exposure <= Self.maximumExposure, "exposure \(exposure) > \(Self.maximumExposure); the settings that cost:\n\(weak)")
        #expect(result.status == 0, "systemd-analyze security --threshold=15 exited \(result.status):\n\(result.text)")
    }

    /// `verify` also checks that ExecStart's binary exists. /usr/bin/archlabeld is there only on
    /// an installed node, so the unit is verified twice: as it is, where the only message
    /// allowed is that one, and as a copy (same file name, in a temporary directory) whose
    /// ExecStart names the binary under test, which must verify without any message at all.
    /// `--recursive-errors=no`: problems of other units on the machine are not this unit's.
    /// `--man=no`: the man page of `Documentation=` exists only where the package is installed
    /// (packaging/test-deb.sh verifies the installed unit with it).
    @Test func verifyFindsNothingButAMissingInstalledBinary() async throws {
        let asIs = try await Self.systemdAnalyze(["verify", "--recursive-errors=no", "--man=no", Self.unitPath])
        let installed = FileManager.default.isExecutableFile(atPath: "/usr/bin/archlabeld")
        let allowed = installed ? [] : ["archlabeld.service: Command /usr/bin/archlabeld is not executable: No such file or directory"]
        let messages = asIs.text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(messages == allowed, "systemd-analyze verify \(Self.unitPath):\n\(asIs.text)")

        let binary = CommandLineTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "the archlabeld binary under test is not built: \(binary)")
        let original = Self.unitText
        try #require(original.contains("\nExecStart=/usr/bin/archlabeld\n"))
        let directory = Fixtures.temporaryDirectory("archlabeld-unit")
        defer { Fixtures.remove(directory) }
        let copy = directory.appendingPathComponent("archlabeld.service")
        try Data(original.replacingOccurrences(of: "\nExecStart=/usr/bin/archlabeld\n", with: "\nExecStart=\(binary)\n").utf8).write(to: copy)
        let pointed = try await Self.systemdAnalyze(["verify", "--recursive-errors=no", "--man=no", copy.path])
        #expect(pointed.status == 0 && pointed.text.isEmpty, "systemd-analyze verify (ExecStart=\(binary)) exited \(pointed.status):\n\(pointed.text)")
    }

    // MARK: The unit's text

    /// One `Key=value` line: its section, its position, and the line above it.
    struct Directive {
        var section: String
        var key: String
        var value: String
        var line: Int
        var previousLine: String
    }

    /// The directives of a unit file, in order. Comments start with `#` or `;`; the unit has no
    /// continuation lines (a line ending in a backslash is reported as an error by a test below).
    static func directives(_ text: String) -> [Directive] {
        var section = ""
        var previous = ""
        var result: [Directive] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            defer { previous = line }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            result.append(Directive(
                section: section, key: line[..<equals].trimmingCharacters(in: .whitespaces),
                value: line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces), line: index + 1, previousLine: previous))
        }
        return result
    }

    /// Every value given for `key` in `section`, in order (a key may be repeated, e.g. SystemCallFilter).
    static func values(_ section: String, _ key: String) -> [String] {
        directives(unitText).filter { $0.section == section && $0.key == key }.map(\.value)
    }

    /// A systemd time span (`90s`, `2min`, `1min 30s`, `60`) in seconds; nil when not understood.
    static func seconds(_ span: String) -> Double? {
        let units: [(String, Double)] = [("min", 60), ("ms", 0.001), ("us", 0.000_001), ("h", 3600), ("s", 1)]
        var total = 0.0
        for part in span.split(separator: " ") {
            if let plain = Double(part) {
                total += plain
                continue
            }
            guard let (suffix, factor) = units.first(where: { part.hasSuffix($0.0) }),
                  let number = Double(part.dropLast(suffix.count)) else { return nil }
            total += number * factor
        }
        return span.isEmpty ? nil : total
    }

    struct Requirement: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var section: String
        var key: String
        /// Holds for the list of values given for the key (empty when the key is absent).
        var holds: @Sendable ([String]) -> Bool
    }

    static let requirements: [Requirement] = [
        Requirement(testDescription: "Type=notify", section: "Service", key: "Type") { $0 == ["notify"] },
        Requirement(testDescription: "NotifyAccess=main", section: "Service", key: "NotifyAccess") { $0 == ["main"] },
        Requirement(testDescription: "ExecStart=/usr/bin/archlabeld, no flags", section: "Service", key: "ExecStart") {
            $0 == ["/usr/bin/archlabeld"]
        },
        Requirement(testDescription: "ExecReload sends SIGHUP to the main process", section: "Service", key: "ExecReload") {
            $0 == ["/bin/kill -HUP $MAINPID"]
        },
        Requirement(testDescription: "WatchdogSec of 60 s or more", section: "Service", key: "WatchdogSec") {
            $0.count == 1 && (UnitFileTests.seconds($0[0]) ?? 0) >= 60
        },
        Requirement(testDescription: "Restart=on-failure", section: "Service", key: "Restart") { $0 == ["on-failure"] },
        Requirement(testDescription: "RestartSec of 1 s or more", section: "Service", key: "RestartSec") {
            $0.count == 1 && (UnitFileTests.seconds($0[0]) ?? 0) >= 1
        },
        Requirement(testDescription: "an empty CapabilityBoundingSet", section: "Service", key: "CapabilityBoundingSet") { $0 == [""] },
        Requirement(testDescription: "no ambient capabilities", section: "Service", key: "AmbientCapabilities") { $0.allSatisfy(\.isEmpty) },
        Requirement(testDescription: "runs as root: no User=", section: "Service", key: "User") { $0.isEmpty },
        Requirement(testDescription: "NoNewPrivileges=yes", section: "Service", key: "NoNewPrivileges") { $0 == ["yes"] },
        Requirement(testDescription: "ProtectSystem=strict", section: "Service", key: "ProtectSystem") { $0 == ["strict"] },
        Requirement(testDescription: "RestrictAddressFamilies is exactly AF_UNIX AF_INET AF_INET6 AF_NETLINK", section: "Service",
                    key: "RestrictAddressFamilies") {
            $0.count == 1 && $0[0].split(separator: " ").map(String.init).sorted() == ["AF_INET", "AF_INET6", "AF_NETLINK", "AF_UNIX"]
        },
        Requirement(testDescription: "SystemCallFilter starts from @system-service", section: "Service", key: "SystemCallFilter") {
            $0.first == "@system-service"
        },
        Requirement(testDescription: "SystemCallArchitectures=native", section: "Service", key: "SystemCallArchitectures") { $0 == ["native"] },
        Requirement(testDescription: "Wants=network-online.target", section: "Unit", key: "Wants") {
            $0.flatMap { $0.split(separator: " ") }.contains("network-online.target")
        },
        Requirement(testDescription: "After= the network and both k3s units", section: "Unit", key: "After") { values in
            let units = Set(values.flatMap { $0.split(separator: " ").map(String.init) })
            return units.isSuperset(of: ["network-online.target", "k3s.service", "k3s-agent.service"])
        },
        Requirement(testDescription: "no Requires= (kubeadm nodes have no k3s unit)", section: "Unit", key: "Requires") { $0.isEmpty },
        Requirement(testDescription: "no BindsTo=", section: "Unit", key: "BindsTo") { $0.isEmpty },
        Requirement(testDescription: "WantedBy=multi-user.target", section: "Install", key: "WantedBy") { $0 == ["multi-user.target"] },
    ]

    @Test(arguments: requirements)
    func unitHas(_ requirement: Requirement) {
        let values = Self.values(requirement.section, requirement.key)
        #expect(requirement.holds(values), "[\(requirement.section)] \(requirement.key)= is \(values)")
    }

    @Test func unitHasNoContinuationLines() {
        let continued = Self.unitText.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.hasSuffix("\\") }
        #expect(continued.isEmpty, "\(continued)")
    }

    /// The hardening part is the [Service] section from the line `# ---- Sandbox` to its end.
    /// In it, the line directly above every directive must be a comment that explains, not a
    /// blank line, another directive or a commented-out setting (`#   IPAddressDeny=any`):
    /// every hardening directive carries its own reason.
    @Test func everyHardeningDirectiveSaysWhyItIsSafe() throws {
        let lines = Self.unitText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("# ---- Sandbox") }, "no '# ---- Sandbox' marker in the unit")
        let serviceStart = try #require(lines.firstIndex(of: "[Service]"))
        #expect(serviceStart < start, "the marker is not in [Service]")
        let hardening = Self.directives(Self.unitText).filter { $0.section == "Service" && $0.line > start + 1 }
        #expect(hardening.count >= 30, "only \(hardening.count) directives after the marker")

        func isExplanation(_ line: String) -> Bool {
            guard line.hasPrefix("#") else { return false }
            let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let commentedSetting = text.range(of: #"^[A-Za-z]+="#, options: .regularExpression) != nil
            return !text.isEmpty && !commentedSetting
        }
        let bare = hardening.filter { !isExplanation($0.previousLine) }
        #expect(bare.isEmpty, "directives without a comment directly above: \(bare.map { "line \($0.line): \($0.key)=\($0.value)" })")
    }
}
