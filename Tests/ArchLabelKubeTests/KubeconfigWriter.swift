import Foundation
import TestSupport

/// Writes kubeconfig files for the tests, in the shapes k3s, kubeadm and users produce.
enum KubeconfigWriter {
    /// A kubeconfig with one cluster, one user and a current context; `cluster` and `user` are
    /// extra `key: value` lines (values written as given).
    static func yaml(server: String, cluster: [(String, String)] = [], user: [(String, String)] = []) -> String {
        let clusterLines = cluster.map { "    \($0.0): \($0.1)\n" }.joined()
        let userLines = user.isEmpty ? "  user: {}\n" : "  user:\n" + user.map { "    \($0.0): \($0.1)\n" }.joined()
        return """
            apiVersion: v1
            kind: Config
            preferences: {}
            clusters:
            - name: default
              cluster:
                server: \(server)
            \(clusterLines.isEmpty ? "" : clusterLines)contexts:
            - name: default
              context:
                cluster: default
                user: default
            current-context: default
            users:
            - name: default
            \(userLines)
            """
    }

    /// The base64 of a PKI fixture file, as `*-data` fields hold it.
    static func data(_ pkiFile: String) -> String {
        Data(Fixtures.text("pki/\(pkiFile)").utf8).base64EncodedString()
    }

    /// The absolute path of a PKI fixture file.
    static func pki(_ file: String) -> String { Fixtures.path("pki/\(file)") }

    /// Writes `text` to `name` in `directory`, creating directories; returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Copies a PKI fixture file into `directory` under `name`; returns the path.
    @discardableResult
    static func copy(_ pkiFile: String, to name: String, in directory: URL) throws -> String {
        try write(Fixtures.text("pki/\(pkiFile)"), to: name, in: directory)
    }
}
