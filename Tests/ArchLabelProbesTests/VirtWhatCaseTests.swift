import ArchLabelCore
import ArchLabelProbes
import Testing
import TestSupport

/// virt-what's test trees (Tests/Fixtures/virt-what, converted by its convert.py: DMI as sysfs
/// files, the fake uname as /proc/sys/kernel/arch) with the CPUID signature each case's helper
/// printed injected as the live fact. Expected ids are systemd-detect-virt's; EXPECTED.tsv notes
/// every case where they differ from virt-what's own answer.
struct VirtWhatCaseTests {
    static let cases = Fixtures.tsv("virt-what/EXPECTED.tsv")

    @Test func everyCaseHasAnExpectation() {
        #expect(Fixtures.names(in: "virt-what/cases") == VirtWhatCaseTests.cases.map { $0["case"]! }.sorted())
        #expect(VirtWhatCaseTests.cases.count == 44)
    }

    @Test(arguments: cases)
    func detectsLikeSystemd(_ row: [String: String]) throws {
        let name = row["case"]!
        let signature = row["cpuid_signature"].flatMap { $0.isEmpty ? nil : $0 }
        let (labels, _, set) = try probeLabels(root: Fixtures.path("virt-what/cases/\(name)"),
                                               live: LiveFacts(cpuidSignature: signature))
        #expect(allValid(set))
        #expect(labels["virt"] == row["virt"], "\(name): \(row["note"] ?? "")")
        #expect(labels["virt.vm"] ?? "none" == row["virt_vm"])
        #expect(labels["virt.container"] ?? "none" == row["virt_container"])
    }
}
