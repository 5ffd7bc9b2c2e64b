import ArchLabelCore
import FoundationEssentials

/// The parts of a Node object that archlabeld reads.
struct NodeObject: Decodable {
    struct Metadata: Decodable {
        var name: String
        var resourceVersion: String
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    struct Status: Decodable {
        struct NodeInfo: Decodable {
            var containerRuntimeVersion: String?
        }

        var nodeInfo: NodeInfo?
    }

    var metadata: Metadata
    var status: Status?

    /// Decodes a Node from a response body.
    static func decode(_ body: [UInt8]) -> NodeObject? {
        try? JSONDecoder().decode(NodeObject.self, from: Data(body))
    }

    /// The state publishing works from.
    var labelState: NodeLabelState {
        NodeLabelState(
            name: metadata.name,
            resourceVersion: metadata.resourceVersion,
            labels: metadata.labels ?? [:],
            annotations: metadata.annotations ?? [:],
            containerRuntimeVersion: status?.nodeInfo?.containerRuntimeVersion
        )
    }
}

/// A Kubernetes `Status` error body: the server's message, reason and causes.
struct StatusObject: Decodable {
    struct Details: Decodable {
        struct Cause: Decodable {
            var reason: String?
            var message: String?
            var field: String?
        }

        var causes: [Cause]?
    }

    var message: String?
    var reason: String?
    var code: Int?
    var details: Details?

    /// Decodes a Status from an error response, nil when the body is something else.
    static func decode(_ body: [UInt8]) -> StatusObject? {
        try? JSONDecoder().decode(StatusObject.self, from: Data(body))
    }

    /// Each cause as `field: message`.
    var causeDescriptions: [String] {
        (details?.causes ?? []).map { cause in
            [cause.field, cause.message ?? cause.reason].compactMap { $0 }.joined(separator: ": ")
        }
    }
}
