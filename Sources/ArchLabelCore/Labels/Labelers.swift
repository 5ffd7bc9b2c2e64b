/// Pure functions from host facts to built-in labels. Each area (board, CPU, system, devices)
/// has its own labeler; ``BuiltinLabelers/all(_:devices:)`` runs them in a fixed order.
public enum BuiltinLabelers {
    public static func all(_ facts: HostFacts, devices policy: DevicePolicy = DevicePolicy()) -> [ComputedLabel] {
        let board = BoardIdentifier.identify(facts)
        return boardLabels(board) + CPULabeler.labels(facts, board: board) + SystemLabeler.labels(facts)
            + DeviceLabeler.labels(facts.devices, policy: policy)
    }

    static func boardLabels(_ board: BoardIdentity) -> [ComputedLabel] {
        var labels: [ComputedLabel] = []
        if let hardware = board.hardware { labels.append(ComputedLabel(.hardware, hardware) { $0 }) }
        if let model = board.model { labels.append(ComputedLabel(.hardwareModel, model) { $0 }) }
        if let revision = board.revision { labels.append(ComputedLabel(.hardwareRevision, revision) { $0 }) }
        if let soc = board.soc { labels.append(ComputedLabel(.soc, soc) { $0 }) }
        return labels
    }
}
