/// The parts of an X.509 certificate's subject that Kubernetes turns into an identity: the last
/// common name (the user) and every organization, in order (the groups). Read by a small DER walker
/// that follows only the path Certificate → tbsCertificate → subject and checks every length
/// against its enclosing element, so truncated or hostile input throws instead of trapping.
public struct CertificateSubject: Sendable, Equatable {
    /// The last CN (OID 2.5.4.3) of the subject, as Go's crypto/x509 and so Kubernetes pick it.
    public var commonName: String?
    /// Every O (OID 2.5.4.10) of the subject, in certificate order.
    public var organizations: [String]

    public init(commonName: String?, organizations: [String]) {
        self.commonName = commonName
        self.organizations = organizations
    }

    /// Why a certificate's DER could not be read.
    public enum ParseError: Error, Sendable, Equatable {
        /// An element's header or contents run past the end of its enclosing element or the input.
        case truncated
        /// The indefinite length form (`0x80`), which DER forbids.
        case indefiniteLength
        /// A long-form length of more than four bytes, or the reserved `0xff` length byte.
        case unsupportedLength
        /// An element has a different tag than the certificate structure requires there.
        case unexpectedTag(expected: UInt8, found: UInt8)
        /// Bytes left over after an element that must be the last one in its parent.
        case trailingBytes
        /// A CN or O value of a string type other than UTF8, Printable, IA5, T61 or BMP.
        case unsupportedStringType(UInt8)
        /// A CN or O value that is not valid in its string type (bad UTF-8, non-ASCII IA5, odd-length BMP).
        case invalidString
    }

    /// Reads the subject of one DER-encoded certificate (PEM without its armour, base64-decoded).
    public init(derCertificate: some Collection<UInt8>) throws(ParseError) {
        var input = DERReader(bytes: Array(derCertificate))
        var certificate = try input.read(DERTag.sequence)
        guard input.isAtEnd else { throw .trailingBytes }
        var tbs = try certificate.read(DERTag.sequence)
        if tbs.nextTag == DERTag.explicitVersion { _ = try tbs.read(DERTag.explicitVersion) }
        _ = try tbs.read(DERTag.integer)  // serialNumber
        _ = try tbs.read(DERTag.sequence)  // signature AlgorithmIdentifier
        _ = try tbs.read(DERTag.sequence)  // issuer
        _ = try tbs.read(DERTag.sequence)  // validity
        var name = try tbs.read(DERTag.sequence)  // subject

        var commonName: String?
        var organizations: [String] = []
        while !name.isAtEnd {
            var relativeName = try name.read(DERTag.set)
            while !relativeName.isAtEnd {
                var attribute = try relativeName.read(DERTag.sequence)
                let type = try attribute.read(DERTag.objectIdentifier).contents
                let (tag, value) = try attribute.readAny()
                guard attribute.isAtEnd else { throw .trailingBytes }
                if type.elementsEqual(CertificateSubject.commonNameOID) {
                    commonName = try CertificateSubject.decodeString(tag: tag, value.contents)
                } else if type.elementsEqual(CertificateSubject.organizationOID) {
                    organizations.append(try CertificateSubject.decodeString(tag: tag, value.contents))
                }
            }
        }
        self.init(commonName: commonName, organizations: organizations)
    }

    /// `CN=system:node:pi4, O=system:nodes` — the subject as a log line shows it; `(empty subject)`
    /// when the certificate has neither.
    public var identityDescription: String {
        let parts = (commonName.map { ["CN=" + $0] } ?? []) + organizations.map { "O=" + $0 }
        return parts.isEmpty ? "(empty subject)" : parts.joined(separator: ", ")
    }

    private static let commonNameOID: [UInt8] = [0x55, 0x04, 0x03]
    private static let organizationOID: [UInt8] = [0x55, 0x04, 0x0a]

    private static func decodeString(tag: UInt8, _ bytes: ArraySlice<UInt8>) throws(ParseError) -> String {
        switch tag {
        case DERTag.utf8String:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidString }
            return text
        case DERTag.printableString, DERTag.ia5String:
            guard bytes.allSatisfy({ $0 < 0x80 }) else { throw .invalidString }
            return String(decoding: bytes, as: UTF8.self)
        case DERTag.t61String:
            // Read as Latin-1, as OpenSSL and Go do in practice.
            var text = ""
            text.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
            return text
        case DERTag.bmpString:
            guard bytes.count % 2 == 0 else { throw .invalidString }
            var text = ""
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let unit = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                guard let scalar = Unicode.Scalar(unit) else { throw .invalidString }  // surrogates are not UCS-2
                text.unicodeScalars.append(scalar)
                index += 2
            }
            return text
        default:
            throw .unsupportedStringType(tag)
        }
    }
}

/// The universal and context tags the subject walk needs.
private enum DERTag {
    static let integer: UInt8 = 0x02
    static let objectIdentifier: UInt8 = 0x06
    static let utf8String: UInt8 = 0x0c
    static let printableString: UInt8 = 0x13
    static let t61String: UInt8 = 0x14
    static let ia5String: UInt8 = 0x16
    static let bmpString: UInt8 = 0x1e
    static let sequence: UInt8 = 0x30
    static let set: UInt8 = 0x31
    static let explicitVersion: UInt8 = 0xa0
}

/// A cursor over the contents of one DER element. Every read stays inside `position..<end`.
private struct DERReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(bytes: [UInt8]) {
        self.init(bytes: bytes, position: 0, end: bytes.count)
    }

    private init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    var nextTag: UInt8? { isAtEnd ? nil : bytes[position] }

    /// This element's contents.
    var contents: ArraySlice<UInt8> { bytes[position..<end] }

    /// Reads the next element, which must have tag `expected`, and returns a reader over its contents.
    mutating func read(_ expected: UInt8) throws(CertificateSubject.ParseError) -> DERReader {
        let (tag, element) = try readAny()
        guard tag == expected else { throw .unexpectedTag(expected: expected, found: tag) }
        return element
    }

    /// Reads the next element whatever its tag.
    mutating func readAny() throws(CertificateSubject.ParseError) -> (tag: UInt8, contents: DERReader) {
        guard end - position >= 2 else { throw .truncated }
        let tag = bytes[position]
        let first = bytes[position + 1]
        var cursor = position + 2
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw .indefiniteLength
        } else {
            let count = Int(first & 0x7f)
            guard count <= 4 else { throw .unsupportedLength }
            guard end - cursor >= count else { throw .truncated }
            for byte in bytes[cursor..<cursor + count] { length = length << 8 | Int(byte) }
            cursor += count
        }
        // `length >= 0`: four length bytes can exceed Int.max on 32-bit Arm.
        guard length >= 0, end - cursor >= length else { throw .truncated }
        position = cursor + length
        return (tag, DERReader(bytes: bytes, position: cursor, end: cursor + length))
    }
}
