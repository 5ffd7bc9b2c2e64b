// libFuzzer entry point for the YAML layer (ArchLabelYAML over libyaml): every input must either
// parse into a tree or give a located YAMLError, and walking the tree with the typed accessors
// must never crash. The same input is read as a capture manifest (archlabeld-capture.json, whose
// live facts a replay uses): it must give live facts or an error, and facts it gives must survive
// a round trip through the manifest's own JSON. Built by `fuzz/run.sh SECONDS yaml`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let live = try? CaptureManifest.liveFacts(parsing: bytes) {
        if let size = live.pageSize, size <= 0 { fatalError("a page size that is not positive: \(size)") }
        let manifest = CaptureManifest(archlabeldVersion: "fuzz", time: "t", commandLine: [], root: "/", live: live, leftOut: [:])
        let again = try? CaptureManifest.liveFacts(parsing: Array(manifest.json.serialized().utf8))
        if again != live { fatalError("the manifest's live facts do not survive a round trip: \(live) -> \(String(describing: again))") }
    }
    do {
        guard let root = try YAMLParser.parse(bytes, file: "fuzz.yaml") else { return 0 }
        walk(YAMLValue(root: root, file: "fuzz.yaml"), depth: 0)
    } catch {
        if error.mark.map({ $0.line < 1 || $0.column < 1 }) ?? false { fatalError("mark before the start: \(error)") }
    }
    return 0
}

private func walk(_ value: YAMLValue, depth: Int) {
    if depth > YAMLParser.maximumDepth + 1 { fatalError("deeper than the parser allows") }
    _ = try? value.string()
    _ = try? value.bool()
    if let map = try? value.mapping() {
        _ = try? map.rejectUnknownKeys(["server", "name"])
        for (_, child) in map.values { walk(child, depth: depth + 1) }
    }
    for item in (try? value.list()) ?? [] { walk(item, depth: depth + 1) }
}
