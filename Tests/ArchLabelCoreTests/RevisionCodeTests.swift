import ArchLabelCore
import Testing

/// Raspberry Pi revision codes decoded field by field (revision-codes.adoc layout), new-style and
/// old-style, including the overvolt bit and codes seen on real boards.
struct RevisionCodeTests {
    static let cases: [(code: UInt32, family: String?, memoryMiB: Int?, soc: String?, revision: String)] = [
        (0xd03114, "rpi4", 8192, "bcm2711", "1.4"),
        (0xc03111, "rpi4", 4096, "bcm2711", "1.1"),
        (0xd04170, "rpi5", 8192, "bcm2712", "1.0"),
        (0xe04171, "rpi5", 16384, "bcm2712", "1.1"),
        (0xe04190, "rpi500", 16384, "bcm2712", "1.0"),  // 500+
        (0xd04180, "rpi-cm5", 8192, "bcm2712", "1.0"),
        (0xa020d3, "rpi3", 1024, "bcm2837", "1.3"),  // 3B+
        (0x9020e0, "rpi3", 512, "bcm2837", "1.0"),  // 3A+
        (0xa02082, "rpi3", 1024, "bcm2837", "1.2"),
        (0x902120, "rpi-zero2", 512, "bcm2837", "1.0"),
        (0x9000c1, "rpi-zero", 512, "bcm2835", "1.1"),  // Zero W
        (0x900092, "rpi-zero", 512, "bcm2835", "1.2"),
        (0xa01040, "rpi2", 1024, "bcm2836", "1.0"),
        (0x1a01040, "rpi2", 1024, "bcm2836", "1.0"),  // bit 24: overvolted
        (0xc03141, "rpi-cm4", 4096, "bcm2711", "1.1"),
        (0xb03115, "rpi4", 2048, "bcm2711", "1.5"),
        (0xc03130, "rpi400", 4096, "bcm2711", "1.0"),
        (0xa220a0, "rpi-cm3", 1024, "bcm2837", "1.0"),
        (0x0002, "rpi1", 256, "bcm2835", "1.0"),
        (0x000e, "rpi1", 512, "bcm2835", "2.0"),
        (0x0010, "rpi1", 512, "bcm2835", "1.2"),  // B+
        (0x0011, "rpi-cm1", 512, "bcm2835", "1.0"),
        (0x1000002, "rpi1", 256, "bcm2835", "1.0"),  // old-style, overvolted
    ]

    @Test(arguments: cases.indices)
    func decodes(_ index: Int) throws {
        let expected = Self.cases[index]
        let code = try #require(RevisionCode(expected.code))
        #expect(code.family == expected.family)
        #expect(code.memoryMiB == expected.memoryMiB)
        #expect(code.soc == expected.soc)
        #expect(code.boardRevision == expected.revision)
    }

    @Test(arguments: [UInt32(0x0000), 0x0001, 0x0016, 0xffff, 0x1234])
    func unknownOldStyleCodesAreNotBoards(_ code: UInt32) {
        #expect(RevisionCode(code) == nil)
    }

    @Test func internalTypesHaveNoFamily() throws {
        #expect(try #require(RevisionCode(0x9020f0)).family == nil)  // type 0x0f: internal use
    }

    @Test func memoryCodeSevenIsUnknown() throws {
        #expect(try #require(RevisionCode(0xf03111)).memoryMiB == nil)
    }
}
