import ArchLabelProbes

/// Where one piece of credential material (CA bundle, client certificate, key, token) comes
/// from: bytes embedded in a kubeconfig, or a file read afresh every time it is needed so that
/// rotated kubelet certificates and projected service-account tokens are picked up.
public enum CredentialMaterial: Sendable {
    /// Bytes from a `*-data` field or a `token` field; `origin` says which file and field.
    case inline([UInt8], origin: String)
    /// A file, as an absolute path seen from `root` (the host root for discovered locations,
    /// `/` for paths given explicitly).
    case file(String, root: HostRoot)

    /// Credential files are small; anything larger is not what it claims to be.
    static let sizeLimit = 1 << 20

    /// Where the material comes from, for messages (never the material itself).
    public var origin: String {
        switch self {
        case .inline(_, let origin): return origin
        case .file(let path, let root): return root.displayPath(path)
        }
    }

    /// The current bytes; a file that is missing, unreadable or too large is an error naming it.
    public func read() throws(CredentialError) -> [UInt8] {
        switch self {
        case .inline(let bytes, _):
            return bytes
        case .file(let path, let root):
            switch root.read(path, limit: CredentialMaterial.sizeLimit) {
            case .bytes(let bytes, truncated: false): return bytes
            case .bytes(_, truncated: true): throw .unreadable(origin, "larger than 1 MiB")
            case .missing: throw .unreadable(origin, "no such file")
            case .failed(let reason): throw .unreadable(origin, reason)
            }
        }
    }
}
