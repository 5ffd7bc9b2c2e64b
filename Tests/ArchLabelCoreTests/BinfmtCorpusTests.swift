import ArchLabelCore
import Testing
import TestSupport

/// Every binfmt_misc handler of the corpus (Tests/Fixtures/binfmt: real captures and shipped
/// definitions as the kernel prints them), with the emulated architecture worked out by hand.
struct BinfmtCorpusTests {
    static let expected = Fixtures.tsv("binfmt/EXPECTED.tsv")

    @Test func everyEntryHasAnOriginAndAnExpectation() {
        let files = Fixtures.names(in: "binfmt/entries").map { "entries/" + $0 }
        #expect(files == Self.expected.map { $0["file"]! }.sorted())
        #expect(files == Fixtures.tsv("binfmt/SOURCES.tsv").map { $0["file"]! }.sorted())
    }

    @Test(arguments: expected)
    func emulatesTheExpectedArchitecture(_ row: [String: String]) {
        let entry = BinfmtEntry(parsing: Fixtures.text("binfmt/\(row["file"]!)"))
        let emulation = entry.enabled ? entry.elfArchitecture?.rawValue : nil
        #expect(emulation == (row["emulation"] == "-" ? nil : row["emulation"]), "\(row["why"] ?? "")")
    }

    @Test func readsEveryFieldOfARealQemuEntry() {
        let entry = BinfmtEntry(parsing: Fixtures.text("binfmt/entries/derived-qemu-x86_64-debian-arm64-qemu-user-static-update-binfmts-PF"))
        #expect(entry.enabled)
        #expect(entry.interpreter == "/usr/libexec/qemu-binfmt/x86_64-binfmt-P")
        #expect(entry.flags == "PF")
        #expect(entry.offset == 0)
        #expect(entry.magic.count == 20 && entry.magic[5] == 0x01)
        #expect(entry.mask.count == 20 && entry.mask[5] == 0xfe)
        #expect(entry.fileExtension == nil)
        let jar = BinfmtEntry(parsing: Fixtures.text("binfmt/entries/captured-ExecutableJAR-extension-jar"))
        #expect(jar.fileExtension == ".jar" && jar.magic.isEmpty && jar.flags == "")
    }

    /// A mask that lets the machine or the class vary matches more than one architecture: none.
    @Test(arguments: [
        ("ffffffffffffff00fffffffffffffffffeff00ff", "machine's low byte wildcarded"),
        ("ffffffff00ffff00fffffffffffffffffeffffff", "class wildcarded"),
        ("fffffffffffcfe00fffffffffffffffffeffffff", "byte order wildcarded"),
        ("ffffffffffffff00", "mask shorter than the machine field"),
    ])
    func aMaskThatWildcardsTheIdentityNamesNoArchitecture(_ mask: String, _ why: String) {
        let entry = BinfmtEntry(parsing: "enabled\ninterpreter /x\nflags: F\noffset 0\nmagic 7f454c4602010100000000000000000002003e00\nmask \(mask)\n")
        #expect(entry.elfArchitecture == nil, "\(why)")
    }
}
