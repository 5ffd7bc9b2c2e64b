/// A USB or PCI identity, `vendor:product` as `lsusb` and `lspci -n` print it (`10c4:ea60`).
public struct DeviceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var vendor: UInt16
    public var product: UInt16

    public init(_ vendor: UInt16, _ product: UInt16) {
        self.vendor = vendor
        self.product = product
    }

    /// Parses `vvvv:pppp` (four hex digits each, either case); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ SysfsHex.isDigits(String($0), count: 4) }),
              let vendor = SysfsHex.parse(String(parts[0]), digits: 4),
              let product = SysfsHex.parse(String(parts[1]), digits: 4)
        else { return nil }
        self.init(UInt16(vendor), UInt16(product))
    }

    /// `10c4:ea60`, lower case.
    public var description: String { SysfsHex.format(vendor) + ":" + SysfsHex.format(product) }

    public static func < (a: DeviceID, b: DeviceID) -> Bool { (a.vendor, a.product) < (b.vendor, b.product) }
}

/// Hexadecimal numbers as sysfs writes them: `1a6e` (USB ids), `ff` (USB classes), `0x10de`
/// (PCI ids), `0x030000` (PCI class), each followed by a newline.
public enum SysfsHex {
    /// The value of `text`'s first line (trimmed, an optional `0x`), nil unless it is 1 to `digits` hex digits.
    public static func parse(_ text: String, digits: Int) -> UInt32? {
        guard let line = firstLine(of: text) else { return nil }
        var body = Substring(line)
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        guard !body.isEmpty, body.utf8.count <= digits, body.utf8.allSatisfy(isHexDigit) else { return nil }
        return UInt32(body, radix: 16)
    }

    /// `value` as exactly `digits` lower-case hex digits.
    public static func format<T: BinaryInteger>(_ value: T, digits: Int = 4) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Whether `text` is exactly `count` hex digits (a class code in a configuration file).
    public static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy(isHexDigit)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}
