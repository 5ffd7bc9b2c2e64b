/// A kernel release string (`uname -r`): `6.6.51+rpt-rpi-v8`, `5.15.167.4-microsoft-standard-WSL2`.
public struct KernelRelease: Sendable, Equatable {
    public var major: Int
    public var minor: Int

    public init?(parsing text: String) {
        let numbers = text.prefix { $0.isNumber || $0 == "." }.split(separator: ".")
        guard numbers.count >= 2, let major = Int(numbers[0]), let minor = Int(numbers[1]) else { return nil }
        self.major = major
        self.minor = minor
    }

    /// `major.minor`, the label value.
    public var majorMinor: String { "\(major).\(minor)" }
}
