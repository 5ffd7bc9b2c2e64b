import ArchLabelConfig
import ArchLabelCore
import ArchLabelProbes
import Testing
import TestSupport

/// The drop-in directory in Node Feature Discovery's `features.d` format.
@Suite struct DropInTests {
    static let now: Int64 = 1_795_000_000  // 2026-11-19

    @Test func linesCommentsAndBareKeys() {
        let file = DropInFile(parsing: """
            # written by gpu-feature-discovery
            gpu.present
            gpu.count=2
              other.io/shelf=ssd  \r
            bad key=x
            kubernetes.io/role=x
            value=not valid!
            """, prefix: .default)
        #expect(file.labels.map { "\($0.name)=\($0.value)@\($0.line)" } == ["gpu.present=true@2", "gpu.count=2@3", "other.io/shelf=ssd@4"])
        #expect(file.problems.map(\.line) == [5, 6, 7])
        #expect(file.expiry == nil)
    }

    @Test(arguments: [
        ("2026-12-01T10:00:00Z", Int64(1_796_119_200)),
        ("2026-12-01T12:00:00+02:00", Int64(1_796_119_200)),
        ("2026-12-01T10:00:00.123456Z", Int64(1_796_119_200)),
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2000-02-29T23:59:59-00:30", Int64(951_870_599)),
    ])
    func expiryTimes(text: String, seconds: Int64) {
        #expect(DropInFile(parsing: "# +expiry-time=\(text)\na\n", prefix: .default).expiry == seconds)
    }

    @Test(arguments: ["2026-12-01", "2026-13-01T00:00:00Z", "2026-12-01T10:00:00", "tomorrow", "2026-12-01T10:00:00+2"])
    func invalidExpiryIsAProblem(text: String) {
        let file = DropInFile(parsing: "# +expiry-time=\(text)\na\n", prefix: .default)
        #expect(file.isExpired(at: Self.now) && file.problems.count == 1, "an unreadable expiry must not make the file permanent")
    }

    @Test func theDirectory() throws {
        let big = String(repeating: "x=y\n", count: 20_000)
        let tree = HostTree()
            .file("etc/archlabeld/labels.d/10-gpu", "gpu.present\nshared=first\n")
            .file("etc/archlabeld/labels.d/20-expired", "# +expiry-time=2020-01-01T00:00:00Z\nold=yes\n")
            .file("etc/archlabeld/labels.d/30-later", "# +expiry-time=2030-01-01T00:00:00Z\nshared=second\nlater=yes\n")
            .file("etc/archlabeld/labels.d/.hidden", "hidden=yes\n")
            .file("etc/archlabeld/labels.d/40-big", big)
            .file("etc/archlabeld/labels.d/50-dir/inner", "inner=yes\n")
        let root = try HostRoot(path: tree.path)
        let (labels, warnings) = DropInDirectory.read("/etc/archlabeld/labels.d", root: root, prefix: .default, now: Self.now)
        #expect(labels.map { "\($0.name)=\($0.rawValue)" } == ["gpu.present=true", "shared=second", "later=yes"])
        #expect(labels[0].evidence.map(\.description) == ["/etc/archlabeld/labels.d/10-gpu:1: gpu.present=true"])
        let directory = "\(tree.path)/etc/archlabeld/labels.d"
        #expect(warnings.map(\.description) == [
            "\(directory)/30-later:2: shared replaces the value from \(directory)/10-gpu:2",
            "\(directory)/40-big: skipped: larger than 64 KiB",
        ])
    }

    /// The default directory may be absent; one the configuration names must exist (a typo in
    /// `dropInDirectory` would otherwise lose every drop-in label without a word).
    @Test func aMissingConfiguredDirectoryIsWarnedAbout() throws {
        let tree = HostTree().directory("etc")
        let root = try HostRoot(path: tree.path)
        #expect(DropInDirectory.read("/etc/archlabeld/labels.d", root: root, prefix: .default, now: Self.now).warnings.isEmpty)
        let warnings = DropInDirectory.read("/etc/archlabeld/lables.d", root: root, prefix: .default, now: Self.now).warnings
        #expect(warnings.map(\.description) == ["\(tree.path)/etc/archlabeld/lables.d: dropInDirectory does not exist or cannot be read: no drop-in labels"])
    }

    @Test func aDirectoryThatAppearsLaterIsPickedUp() throws {
        let tree = HostTree().directory("etc")
        let root = try HostRoot(path: tree.path)
        #expect(DropInDirectory.read("/etc/archlabeld/labels.d", root: root, prefix: .default, now: Self.now).labels.isEmpty)
        tree.file("etc/archlabeld/labels.d/hook", "rack=7\n")
        #expect(DropInDirectory.read("/etc/archlabeld/labels.d", root: root, prefix: .default, now: Self.now).labels.map(\.name) == ["rack"])
    }
}
