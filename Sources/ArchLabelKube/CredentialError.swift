/// Why archlabeld has no usable credentials: nothing found (with what was tried), a file that
/// cannot be read, or a kubeconfig that is invalid or incomplete. Each says what to do.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line, including the advice.
    public let message: String

    /// Creates an error with its one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// No credentials in any of the places of the contract's order.
    static func noneFound(tried: [String]) -> CredentialError {
        CredentialError(
            "no Kubernetes credentials found (tried \(tried.joined(separator: ", "))); "
                + "pass --kubeconfig FILE or run on a k3s node"
        )
    }

    /// A file that exists but cannot be read.
    static func unreadable(_ path: String, _ reason: String) -> CredentialError {
        CredentialError("cannot read \(path): \(reason)")
    }
}
