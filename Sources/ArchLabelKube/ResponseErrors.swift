import NIOHTTP1

/// Turns an HTTP error response into a `KubeError` whose message names the status, the
/// server's own message, the identity used and what to do.
enum ResponseErrors {
    /// The error for `status` with `body`, for a request on Node `node` made as `identity`.
    static func error(
        status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8],
        node: String, security: ConnectionSecurity, access: ClusterAccess
    ) -> KubeError {
        let identity = security.identity
        let parsed = StatusObject.decode(body)
        let serverMessage = oneLine(parsed?.message ?? String(decoding: body.prefix(1024), as: UTF8.self))
        let said = "HTTP \(status.code) \(status.reasonPhrase): \(serverMessage)"
        let code = Int(status.code)
        switch code {
        case 401:
            return KubeError(
                .unauthorized,
                "\(said); the API server \(access.server) did not accept \(identity) from \(access.source): "
                    + "use credentials issued by this cluster (a current certificate or token)",
                httpStatus: code)
        case 403:
            return KubeError(.forbidden, "\(said); identity: \(identity). " + forbiddenAdvice(node: node, ownNode: security.nodeIdentity), httpStatus: code)
        case 404:
            return KubeError(
                .nodeNotFound,
                "\(said); node \"\(node)\" is not registered with the API server (yet): "
                    + "start k3s/the kubelet on this node first, or check the node name (--node-name)",
                httpStatus: code)
        case 409:
            return KubeError(.conflict, said, httpStatus: code)
        case 422:
            let causes = (parsed?.causeDescriptions ?? []).prefix(20).map { oneLine($0) }
            let detail = causes.isEmpty ? serverMessage : causes.joined(separator: "; ")
            return KubeError(
                .invalid,
                "HTTP 422 Unprocessable Entity: the API server rejected the labels: \(detail)",
                httpStatus: code, causes: causes)
        case 429:
            return KubeError(.tooManyRequests, said, httpStatus: code, retryAfter: retryAfter(headers))
        case 500...599:
            return KubeError(.serverError, "\(said) (from \(access.server))", httpStatus: code, retryAfter: retryAfter(headers))
        default:
            return KubeError(.unexpectedStatus, "\(said) (from \(access.server))", httpStatus: code)
        }
    }

    /// Why a 403 most likely happened, given the identity.
    private static func forbiddenAdvice(node: String, ownNode: String?) -> String {
        if let own = ownNode {
            if own != node {
                return "These are the credentials of node \"\(own)\", and a node may only change its own Node object "
                    + "(Node authorizer, NodeRestriction): set --node-name \(own) or use this node's own credentials"
            }
            return "A node identity may not set labels under kubernetes.io/ or k8s.io/ (NodeRestriction): "
                + "use a label prefix of your own (labelPrefix)"
        }
        return "Grant this identity get, patch and watch on nodes (a ClusterRole), or use the node's own kubelet credentials"
    }

    /// Text from the server made safe for a one-line message: control characters and line breaks
    /// become spaces, runs of spaces collapse, and it is cut at 300 characters.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            let isSpace = character.isWhitespace || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            if isSpace {
                if !lastWasSpace, !out.isEmpty { out.append(" ") }
            } else {
                out.append(character)
            }
            lastWasSpace = isSpace
            if out.count >= 300 { return out + "…" }
        }
        return lastWasSpace && out.hasSuffix(" ") ? String(out.dropLast()) : out
    }

    /// `Retry-After` in seconds (the API server sends integer seconds), capped at ten minutes.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let text = headers.first(name: "Retry-After"), let seconds = Int(text.trimmingSpaces), seconds >= 0 else {
            return nil
        }
        return .seconds(min(seconds, 600))
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
