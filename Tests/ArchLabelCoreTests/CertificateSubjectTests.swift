import ArchLabelCore
import Foundation
import Testing
import TestSupport

/// The subject walker on the test PKI's certificates (Tests/Fixtures/pki), on certificates built
/// here for the string types the PKI does not use, and on hostile DER.
struct CertificateSubjectTests {
    static let fixtures: [(file: String, commonName: String, organizations: [String])] = [
        ("node-pi4-ec.pem", "system:node:pi4", ["system:nodes"]),
        ("node-pi4-rsa.pem", "system:node:pi4", ["system:nodes"]),
        ("node-pi4-rotated.pem", "system:node:pi4", ["system:nodes"]),
        ("node-pi4-expired.pem", "system:node:pi4", ["system:nodes"]),
        ("node-pi4-chain.pem", "system:node:pi4", ["system:nodes"]),  // the leaf, first in the file
        ("node-pi4-other-ca.pem", "system:node:pi4", ["system:nodes"]),
        ("node-other.pem", "system:node:other", ["system:nodes"]),
        ("admin.pem", "admin", ["system:masters"]),
        ("ca.pem", "archlabeld-test-ca", []),
        ("client-intermediate.pem", "archlabeld-test-client-ca", []),
        ("server.pem", "kube-apiserver", []),
    ]

    /// The DER of the first certificate in a PEM file of the test PKI.
    static func der(_ file: String) throws -> [UInt8] {
        let pem = Fixtures.text("pki/" + file)
        let begin = try #require(pem.range(of: "-----BEGIN CERTIFICATE-----"))
        let end = try #require(pem.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<pem.endIndex))
        let base64 = pem[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Array(try #require(Data(base64Encoded: String(base64))))
    }

    @Test(arguments: fixtures)
    func readsTheFixtureSubjects(_ fixture: (file: String, commonName: String, organizations: [String])) throws {
        let subject = try CertificateSubject(derCertificate: Self.der(fixture.file))
        #expect(subject == CertificateSubject(commonName: fixture.commonName, organizations: fixture.organizations))
    }

    @Test func describesTheIdentity() throws {
        #expect(try CertificateSubject(derCertificate: Self.der("node-pi4-ec.pem")).identityDescription
            == "CN=system:node:pi4, O=system:nodes")
        #expect(CertificateSubject(commonName: nil, organizations: ["a", "b"]).identityDescription == "O=a, O=b")
        #expect(CertificateSubject(commonName: nil, organizations: []).identityDescription == "(empty subject)")
    }

    // MARK: certificates built here

    static func element(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        let count = contents.count
        if count < 0x80 { return [tag, UInt8(count)] + contents }
        let lengthBytes = count < 0x100 ? [UInt8(count)] : [UInt8(count >> 8), UInt8(count & 0xff)]
        return [tag, 0x80 | UInt8(lengthBytes.count)] + lengthBytes + contents
    }

    static func attribute(_ oidLast: UInt8, _ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
        element(0x31, element(0x30, element(0x06, [0x55, 0x04, oidLast]) + element(tag, value)))
    }

    /// A certificate whose subject holds `attributes`; `version` false leaves out the optional [0].
    static func certificate(_ attributes: [UInt8], version: Bool = true) -> [UInt8] {
        let algorithm = element(0x30, element(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]))
        let issuer = element(0x30, attribute(0x03, 0x0c, Array("ca".utf8)))
        let validity = element(0x30, element(0x17, Array("250101000000Z".utf8)) + element(0x17, Array("350101000000Z".utf8)))
        let tbs = (version ? element(0xa0, element(0x02, [0x02])) : []) + element(0x02, [0x01, 0x00])
            + algorithm + issuer + validity + element(0x30, attributes)
        return element(0x30, element(0x30, tbs) + algorithm + element(0x03, [0x00, 0x01]))
    }

    static let utf8 = Array("system:node:pi4".utf8)

    @Test(arguments: [
        ("UTF8String", attribute(0x03, 0x0c, Array("Zürich".utf8)), "Zürich"),
        ("PrintableString", attribute(0x03, 0x13, Array("Node 1".utf8)), "Node 1"),
        ("IA5String", attribute(0x03, 0x16, Array("a@b".utf8)), "a@b"),
        ("T61String as Latin-1", attribute(0x03, 0x14, [0x5a, 0xfc, 0x72]), "Zür"),
        ("BMPString", attribute(0x03, 0x1e, [0x00, 0x5a, 0x00, 0xfc, 0x4e, 0x2d]), "Zü中"),
        ("last CN wins", attribute(0x03, 0x0c, [0x61]) + attribute(0x03, 0x0c, [0x62]), "b"),
    ])
    func decodesStringTypes(_ name: String, _ attributes: [UInt8], _ expected: String) throws {
        #expect(try CertificateSubject(derCertificate: Self.certificate(attributes)).commonName == expected, "\(name)")
    }

    @Test func keepsEveryOrganizationInOrderAndSkipsOtherAttributes() throws {
        let attributes = Self.attribute(0x0a, 0x0c, Array("system:nodes".utf8))
            + Self.attribute(0x06, 0x13, Array("DE".utf8))  // C, skipped
            + Self.attribute(0x0a, 0x13, Array("ops".utf8)) + Self.attribute(0x03, 0x0c, Self.utf8)
        let subject = try CertificateSubject(derCertificate: Self.certificate(attributes, version: false))
        #expect(subject == CertificateSubject(commonName: "system:node:pi4", organizations: ["system:nodes", "ops"]))
    }

    @Test func readsAnEmptySubjectAndMultiValuedRelativeNames() throws {
        #expect(try CertificateSubject(derCertificate: Self.certificate([])) == CertificateSubject(commonName: nil, organizations: []))
        let pair = Self.element(0x30, Self.element(0x06, [0x55, 0x04, 0x0a]) + Self.element(0x0c, [0x78]))
            + Self.element(0x30, Self.element(0x06, [0x55, 0x04, 0x03]) + Self.element(0x0c, [0x79]))
        let subject = try CertificateSubject(derCertificate: Self.certificate(Self.element(0x31, pair)))
        #expect(subject == CertificateSubject(commonName: "y", organizations: ["x"]))
    }

    // MARK: hostile input

    @Test func everyPrefixOfARealCertificateThrows() throws {
        let der = try Self.der("node-pi4-rsa.pem")
        for length in 0..<der.count {
            #expect(throws: CertificateSubject.ParseError.self, "prefix \(length)") {
                try CertificateSubject(derCertificate: der.prefix(length))
            }
        }
    }

    @Test(arguments: [
        ("empty", [], CertificateSubject.ParseError.truncated),
        ("tag only", [0x30], .truncated),
        ("indefinite length", [0x30, 0x80, 0x00, 0x00], .indefiniteLength),
        ("five length bytes", [0x30, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00], .unsupportedLength),
        ("reserved length byte", [0x30, 0xff], .unsupportedLength),
        ("length beyond Int32", [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00], .truncated),
        ("length bytes cut", [0x30, 0x82, 0x01], .truncated),
        ("not a SEQUENCE", [0x31, 0x00], .unexpectedTag(expected: 0x30, found: 0x31)),
        ("empty certificate", [0x30, 0x00], .truncated),
        ("tbs longer than the certificate", [0x30, 0x03, 0x30, 0x05, 0x02], .truncated),
        ("trailing bytes", element(0x30, []) + [0x00], .trailingBytes),
        ("serial missing", element(0x30, element(0x30, element(0x30, []))), .unexpectedTag(expected: 0x02, found: 0x30)),
    ] as [(String, [UInt8], CertificateSubject.ParseError)])
    func rejectsMalformedDER(_ name: String, _ der: [UInt8], _ expected: CertificateSubject.ParseError) {
        #expect(throws: expected, "\(name)") { try CertificateSubject(derCertificate: der) }
    }

    @Test(arguments: [
        ("odd BMPString", attribute(0x03, 0x1e, [0x00, 0x41, 0x00]), CertificateSubject.ParseError.invalidString),
        ("BMP surrogate", attribute(0x03, 0x1e, [0xd8, 0x00]), .invalidString),
        ("bad UTF-8", attribute(0x03, 0x0c, [0xc3, 0x28]), .invalidString),
        ("non-ASCII IA5String", attribute(0x0a, 0x16, [0xe9]), .invalidString),
        ("UniversalString", attribute(0x03, 0x1c, [0x00, 0x00, 0x00, 0x41]), .unsupportedStringType(0x1c)),
        ("RDN not a SET", element(0x30, element(0x06, [0x55, 0x04, 0x03]) + element(0x0c, [0x41])), .unexpectedTag(expected: 0x31, found: 0x30)),
        ("extra value in attribute", element(0x31, element(0x30, element(0x06, [0x55, 0x04, 0x03]) + element(0x0c, [0x41]) + element(0x0c, [0x42]))), .trailingBytes),
        ("attribute without value", element(0x31, element(0x30, element(0x06, [0x55, 0x04, 0x03]))), .truncated),
        ("value longer than its attribute", element(0x31, element(0x30, element(0x06, [0x55, 0x04, 0x03]) + [0x0c, 0x05, 0x41])), .truncated),
    ] as [(String, [UInt8], CertificateSubject.ParseError)])
    func rejectsMalformedSubjects(_ name: String, _ attributes: [UInt8], _ expected: CertificateSubject.ParseError) {
        #expect(throws: expected, "\(name)") { try CertificateSubject(derCertificate: Self.certificate(attributes)) }
    }
}
