/// Kubernetes label syntax (apimachinery `validation.IsQualifiedName` / `IsValidLabelValue`):
/// name ≤ 63 of `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`, an optional lower-case DNS-1123
/// subdomain prefix ≤ 253 before a `/`, values ≤ 63 of the name alphabet or empty.
public enum LabelSyntax {
    public static let maximumNameLength = 63
    public static let maximumPrefixLength = 253

    /// Whether `name` is a valid label name part (also the rule for non-empty values).
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumNameLength,
              isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy(isNameByte)
    }

    public static func isValidValue(_ value: String) -> Bool { value.isEmpty || isValidName(value) }

    /// Whether `prefix` (without the trailing `/`) is a lower-case DNS-1123 subdomain.
    public static func isValidPrefixDomain(_ prefix: String) -> Bool {
        guard !prefix.isEmpty, prefix.utf8.count <= maximumPrefixLength else { return false }
        return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count <= 63 else { return false }
            let isLowerAlnum = { (b: UInt8) in (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
            return isLowerAlnum(bytes.first!) && isLowerAlnum(bytes.last!) && bytes.allSatisfy { isLowerAlnum($0) || $0 == 0x2d }
        }
    }

    /// Whether a full key (`prefix/name` or `name`) is valid.
    public static func isValidKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 { return isValidPrefixDomain(String(parts[0])) && isValidName(String(parts[1])) }
        return isValidName(key)
    }

    /// Domains reserved for Kubernetes itself; archlabeld never writes keys in them.
    public static func isReservedDomain(_ prefix: String) -> Bool {
        ["kubernetes.io", "k8s.io"].contains { prefix == $0 || prefix.hasSuffix("." + $0) }
    }

    /// Turns a raw string (a model name, a version) into a valid label value deterministically:
    /// runs of characters outside `[A-Za-z0-9._-]` become one `-`, the result is trimmed to start
    /// and end with an alphanumeric and cut at 63 characters. Nil when nothing valid remains.
    public static func sanitisedValue(_ raw: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(raw.utf8.count, 256))
        var pendingDash = false
        for byte in raw.utf8 {
            if isNameByte(byte) {
                if pendingDash { bytes.append(0x2d) }
                pendingDash = false
                bytes.append(byte)
            } else {
                pendingDash = !bytes.isEmpty
            }
            if bytes.count > 4 * maximumNameLength { break }
        }
        var slice = trimmedToAlphanumerics(bytes[...])
        if slice.count > maximumNameLength { slice = trimmedToAlphanumerics(slice.prefix(maximumNameLength)) }
        guard !slice.isEmpty else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }

    static func trimmedToAlphanumerics(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = slice
        while let first = slice.first, !isAlphanumeric(first) { slice = slice.dropFirst() }
        while let last = slice.last, !isAlphanumeric(last) { slice = slice.dropLast() }
        return slice
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == 0x2d || byte == 0x5f || byte == 0x2e
    }
}
