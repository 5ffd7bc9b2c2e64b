/// /var/lib/dpkg/status: the installed version of named packages.
public enum DpkgStatus {
    /// The version of the first of `packages` (in the order given) that is installed.
    public static func installedVersion(of packages: [String], parsing text: String) -> (package: String, version: String)? {
        var found: [String: String] = [:]
        for stanza in text.split(separator: "\n\n") {
            var name: Substring?
            var version: Substring?
            var installed = false
            for line in stanza.split(separator: "\n") {
                if line.hasPrefix("Package: ") { name = line.dropFirst(9) }
                else if line.hasPrefix("Version: ") { version = line.dropFirst(9) }
                else if line.hasPrefix("Status: ") { installed = line.hasSuffix(" installed") }
            }
            if let name, let version, installed, packages.contains(String(name)) {
                found[String(name)] = String(KeyValueLines.trimmed(version))
            }
        }
        for package in packages { if let version = found[package] { return (package, version) } }
        return nil
    }
}
