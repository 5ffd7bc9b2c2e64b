import Foundation

/// Locations of the test fixtures (Tests/Fixtures, see its README for provenance) and small
/// readers for the tables there. Tests find them relative to this source file, so they run from
/// any working directory without copying trees into bundles.
public enum Fixtures {
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    /// The checkout's root, for tests of shipped files (the unit, the manifest, the example config).
    public static let repository = directory.deletingLastPathComponent().deletingLastPathComponent()

    /// The text of the shipped file at `relative` (from the checkout's root); empty when unreadable.
    public static func repositoryText(_ relative: String) -> String {
        (try? String(contentsOf: repository.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    public static func text(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    /// Rows of a tab-separated table with a header line; `#` lines are comments. A value written
    /// `""` is the empty string; a value in double quotes keeps its spaces.
    public static func tsv(_ relative: String) -> [[String: String]] {
        var header: [String]?
        var rows: [[String: String]] = []
        for line in text(relative).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { field -> String in
                if field.count >= 2, field.first == "\"", field.last == "\"" { return String(field.dropFirst().dropLast()) }
                return String(field)
            }
            guard let names = header else {
                header = fields
                continue
            }
            rows.append(Dictionary(uniqueKeysWithValues: zip(names, fields + Array(repeating: "", count: max(0, names.count - fields.count)))))
        }
        return rows
    }

    /// Names of the entries of a fixture directory, sorted.
    public static func names(in relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// `name=value` lines (an expected.labels file), `#` comments skipped.
    public static func labels(_ relative: String) -> [String: String] {
        var labels: [String: String] = [:]
        for line in text(relative).split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            labels[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return labels
    }

    /// A fresh temporary directory, removed by the caller with `remove`.
    public static func temporaryDirectory(_ name: String = "archlabeld-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}
