import ArchLabelConfig
import ArchLabelProbes
#if canImport(Glibc)
import Glibc
#endif

/// Finds and reads the configuration: `--config FILE` as given (it must exist), else the
/// default `/etc/archlabeld/config.yaml` under the host root (absent means the defaults).
enum ConfigurationLoader {
    /// Configuration files are small; a larger one is not what it claims to be.
    static let sizeLimit = 1 << 20

    static func load(flag: String?, root: HostRoot) throws(RunFailure) -> Configuration {
        let (path, readRoot, explicit): (String, HostRoot, Bool)
        if let flag, !flag.isEmpty {
            do {
                (path, readRoot, explicit) = (HostRoot.absolute(flag), try HostRoot(path: "/"), true)
            } catch {
                throw RunFailure.configuration("cannot open /: \(error)")
            }
        } else {
            (path, readRoot, explicit) = (Configuration.defaultPath, root, false)
        }
        let shown = explicit ? path : root.displayPath(path)
        switch readRoot.read(path, limit: sizeLimit) {
        case .missing:
            if explicit { throw RunFailure.configuration("config file \(shown) (--config): no such file") }
            return Configuration()
        case .failed(let reason):
            throw RunFailure.configuration("cannot read config file \(shown): \(reason)")
        case .bytes(_, truncated: true):
            throw RunFailure.configuration("config file \(shown) is larger than 1 MiB")
        case .bytes(let bytes, truncated: false):
            do {
                return try Configuration(parsing: bytes, file: shown)
            } catch {
                throw RunFailure.configuration(error.description)
            }
        }
    }
}
