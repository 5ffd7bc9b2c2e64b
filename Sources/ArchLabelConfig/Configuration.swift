import ArchLabelCore

/// archlabeld's configuration file (`/etc/archlabeld/config.yaml` by default), as
/// `behaviour.md` (Configuration) defines it. Every field has a default, so an absent file is
/// the default configuration; command-line flags override the file.
public struct Configuration: Sendable, Equatable {
    /// `labelPrefix`: the prefix of built-in and unprefixed custom label keys.
    public var labelPrefix: LabelPrefix = .default
    /// `nodeName`: overrides node-name discovery when set.
    public var nodeName: String?
    /// `kubeconfig`: overrides credential discovery when set.
    public var kubeconfig: String?
    /// `interval`: the full re-probe period.
    public var interval: Duration = .seconds(600)
    /// `disable`: built-in label names not to emit.
    public var disable: Set<String> = []
    /// `labels`: static labels, key → value (a key without `/` gets the prefix).
    public var labels: [String: String] = [:]
    /// `rules`: labels added when all of a rule's expressions hold over the computed labels.
    public var rules: [Rule] = []
    /// `dropInDirectory`: NFD `features.d`-format files of extra labels.
    public var dropInDirectory = Configuration.defaultDropInDirectory
    /// `overwriteForeignLabels`: whether a computed label may replace a value someone else set.
    public var overwriteForeignLabels = false
    /// `devices`: the class allow-lists and the named devices.
    public var devices = DevicePolicy()
    /// `devices.rescanInterval`: how often the devices are read again where kernel uevents
    /// cannot arrive (under `--root`, or without a netlink socket).
    public var deviceRescanInterval: Duration = .seconds(30)
    /// Where the configuration came from, for evidence ("/etc/archlabeld/config.yaml", or
    /// "defaults" when there was no file).
    public var source = "defaults"

    /// The default configuration.
    public init() {}

    /// The default location of the file.
    public static let defaultPath = "/etc/archlabeld/config.yaml"
    /// The default drop-in directory, which may be absent without a warning.
    public static let defaultDropInDirectory = "/etc/archlabeld/labels.d"
}

/// A rule: `labels` are added when every expression in `matchExpressions` holds.
public struct Rule: Sendable, Equatable {
    /// The labels the rule adds (key → value; a key without `/` gets the prefix).
    public var labels: [String: String]
    /// The conditions, all of which must hold.
    public var matchExpressions: [MatchExpression]
    /// Where the rule is written (`config.yaml:12:5 rules[0]`), for evidence.
    public var location: String
}
