// libFuzzer entry point for every text parser of ArchLabelCore. Built by fuzz/run.sh together with
// the module's sources (swiftc -sanitize=fuzzer). The first byte picks the parser; the rest is
// the file. Each parse is followed by the label pipeline where the parser feeds one, and every
// label value produced must be valid Kubernetes syntax.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let selector = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())
    let text = String(decoding: body, as: UTF8.self)
    var facts = HostFacts()
    switch selector % 14 {
    case 0:
        facts.cpuInfo = Fact(CPUInfo(parsing: text), Evidence("/proc/cpuinfo", ""))
        facts.machine = Fact("aarch64", Evidence("fuzz", ""))
    case 1: facts.osRelease = Fact(OSRelease(parsing: text), Evidence("/etc/os-release", ""))
    case 2: _ = MemInfo.memTotalKiB(parsing: text)
    case 3: _ = CPUList.count(parsing: text)
    case 4: _ = MountInfoEntry.entry(mountedOn: "/", parsing: text)
    case 5: _ = BinfmtEntry(parsing: text).elfArchitecture
    case 6:
        facts.deviceTreeModel = DeviceTreeStrings.single(parsing: body).map { Fact($0, Evidence("model", "")) }
        facts.deviceTreeCompatible = Fact(DeviceTreeStrings.list(parsing: body), Evidence("compatible", ""))
    case 7: _ = NulSeparatedEnvironment.value(of: "container", parsing: body)
    case 8: _ = CgroupLimits.cpuQuota(parsing: text); _ = CgroupLimits.v1ControllerEnabled("memory", parsing: text)
    case 9: _ = DpkgStatus.installedVersion(of: ["containerd", "docker-ce"], parsing: text)
    case 10: _ = KernelRelease(parsing: text); _ = ELFHeader(bytes: body)
    case 11:
        _ = try? CertificateSubject(derCertificate: body)
        let node = NodeLabelState(name: "n", resourceVersion: "1", labels: ["a": text], annotations: ["r": text])
        let plan = LabelPlan(desired: ["a": "b"], node: node, annotationKey: "r")
        if plan.managedKeys.contains(where: { !LabelSyntax.isValidKey($0) }) { fatalError("invalid managed key") }
    case 12:
        // A uevent datagram, sysfs hex attributes and device ids; then devices built from the
        // input's bytes (hostile serial numbers included) through the device labeler.
        _ = UeventMessage(parsing: body)?.concernsDevices
        _ = DeviceID(parsing: text)
        let number = { (index: Int) -> UInt16 in body.count > index + 1 ? UInt16(body[index]) << 8 | UInt16(body[index + 1]) : 0 }
        let value = SysfsHex.parse(text, digits: 6) ?? UInt32(number(0))
        facts.devices = DeviceFacts(
            usb: [USBDevice(name: text, path: "/sys/" + text, id: DeviceID(number(0), number(2)), deviceClass: UInt8(truncatingIfNeeded: value),
                            interfaceClasses: body.prefix(8).map { $0 }, serial: text)],
            pci: [PCIDevice(address: text, path: "/sys/" + text, id: DeviceID(number(4), number(6)), classCode: value & 0xffffff)])
    default:
        facts.kernelRelease = Fact(text, Evidence("osrelease", ""))
        if let value = LabelSyntax.sanitisedValue(text), !LabelSyntax.isValidValue(value) { fatalError("invalid sanitised value") }
    }
    let labels = LabelSet(BuiltinLabelers.all(facts), prefix: .default)
    for entry in labels.entries where !LabelSyntax.isValidKey(entry.key) || !LabelSyntax.isValidValue(entry.value) {
        fatalError("invalid label \(entry.key)=\(entry.value)")
    }
    return 0
}
