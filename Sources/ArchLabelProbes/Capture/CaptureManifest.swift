import ArchLabelCore
import ArchLabelYAML

/// `archlabeld-capture.json`, at the top of a capture: which archlabeld took it, when, with what
/// command line and root, the live-only facts the probes used (uname, CPUID, the page size, which
/// no file holds), and what was left out. A replay (`--root CAPTURE`) uses its live facts, so that
/// it gives the labels and evidence of the machine the capture was taken on.
public struct CaptureManifest: Sendable, Equatable {
    public static let fileName = "archlabeld-capture.json"
    /// Raised when the document changes in a way older readers would misread.
    public static let format = 1

    public var archlabeldVersion: String
    /// RFC 3339, UTC.
    public var time: String
    public var commandLine: [String]
    public var root: String
    public var live: LiveFacts
    public var leftOut: [String: String]

    public init(archlabeldVersion: String, time: String, commandLine: [String], root: String, live: LiveFacts, leftOut: [String: String]) {
        self.archlabeldVersion = archlabeldVersion
        self.time = time
        self.commandLine = commandLine
        self.root = root
        self.live = live
        self.leftOut = leftOut
    }

    public var json: JSONValue {
        var live: [String: JSONValue] = [:]
        if let value = self.live.kernelRelease { live["kernelRelease"] = .string(value) }
        if let value = self.live.machine { live["machine"] = .string(value) }
        if let value = self.live.cpuidSignature { live["cpuidSignature"] = .string(value) }
        if let value = self.live.pageSize { live["pageSize"] = .number(value) }
        return .object([
            "format": .number(CaptureManifest.format),
            "archlabeld": .string(archlabeldVersion),
            "time": .string(time),
            "commandLine": .array(commandLine.map { .string($0) }),
            "root": .string(root),
            "live": .object(live),
            "leftOut": .object(leftOut.mapValues { .string($0) }),
        ])
    }

    /// The live facts of a manifest (JSON, read with the YAML parser, whose JSON subset it is).
    /// Other members are not needed to replay and are not checked; unknown ones are ignored, so
    /// that a newer archlabeld's capture still replays.
    public static func liveFacts(parsing bytes: [UInt8]) throws(YAMLError) -> LiveFacts {
        guard let node = try YAMLParser.parse(bytes, file: fileName) else {
            throw YAMLError(file: fileName, mark: nil, message: "the capture manifest is empty")
        }
        let document = try YAMLValue(root: node, file: fileName).mapping()
        if let format = document["format"], try format.string() != String(CaptureManifest.format) {
            throw format.error("capture format \(try format.string()) is not \(CaptureManifest.format); use a matching archlabeld")
        }
        guard let live = try document["live"]?.mapping() else { return .none }
        var facts = LiveFacts()
        facts.kernelRelease = try live["kernelRelease"]?.string()
        facts.machine = try live["machine"]?.string()
        facts.cpuidSignature = try live["cpuidSignature"]?.string()
        if let value = live["pageSize"] {
            guard let size = Int(try value.string()), size > 0 else { throw value.error("pageSize must be a positive integer") }
            facts.pageSize = size
        }
        return facts
    }
}
