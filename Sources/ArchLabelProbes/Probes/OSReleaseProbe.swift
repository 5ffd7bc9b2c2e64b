import ArchLabelCore

/// os-release(5): /etc/os-release, else /usr/lib/os-release.
enum OSReleaseProbe {
    static let paths = ["/etc/os-release", "/usr/lib/os-release"]

    static func probe(_ context: ProbeContext, into facts: inout HostFacts) {
        for path in paths {
            guard let text = context.text(path) else { continue }
            let release = OSRelease(parsing: text)
            let detail = "ID=\(release.id ?? "") VERSION_ID=\(release.versionID ?? "")"
            facts.osRelease = Fact(release, Evidence(path, detail))
            return
        }
    }
}
