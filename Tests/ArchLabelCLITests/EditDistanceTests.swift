@testable import ArchLabelCLI
import Testing

/// The Levenshtein distance behind "did you mean", on the textbook cases and the edges.
struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("--once", "--once", 0),
        ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("--dryrun", "--dry-run", 1), ("--nodename", "--node-name", 1),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(EditDistance.between(a, b) == expected)
        #expect(EditDistance.between(b, a) == expected)
    }
}
