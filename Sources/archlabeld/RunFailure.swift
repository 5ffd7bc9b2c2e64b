import ArchLabelKube
import ArchLabelProbes

/// Why a run could not do its work; each says what to do about it.
enum RunFailure: Error, CustomStringConvertible {
    case unusableRoot(HostRoot.Unusable)
    case capture(CaptureWriter.Failure)
    case noNodeName
    case credentials(CredentialError)
    case api(KubeError)
    case daemon(any Error)
    case configuration(String)

    var description: String {
        switch self {
        case .unusableRoot(let error):
            return "\(error); give --root an existing directory that holds the host's /proc, /sys and /etc"
        case .noNodeName:
            return "cannot tell this node's name (no --node-name, $NODE_NAME, k3s node-name or host name); pass --node-name NAME"
        case .credentials(let error):
            return error.description
        case .api(let error):
            return error.description
        case .configuration(let message):
            return message
        case .capture(let error):
            return "cannot write the capture: \(error)"
        case .daemon(let error):
            return "the daemon stopped: \(error)"
        }
    }
}
