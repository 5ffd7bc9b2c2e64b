import ArchLabelCore
import AsyncHTTPClient
import FoundationEssentials
import NIOCore

/// One event of a watch on a Node.
public enum NodeWatchEvent: Sendable, Equatable {
    /// The Node appeared (registered, or first seen).
    case added(NodeLabelState)
    /// The Node changed.
    case modified(NodeLabelState)
    /// The Node was deleted.
    case deleted(NodeLabelState)
    /// Nothing changed for us up to this resourceVersion (a bookmark).
    case bookmark(resourceVersion: String)
    /// The resourceVersion the watch started from is too old (410 Gone): read the Node again.
    case expired
}

extension NodeClient {
    /// Watches Node `name` from `resourceVersion`, or from now when nil (the server first sends
    /// the current Node as ADDED), with bookmarks on, handing each event to `onEvent`
    /// until the server ends the stream (after `timeout`, or earlier), which returns normally.
    /// Errors before the stream starts (401, 403, 429, …) and broken connections throw.
    public func watch(
        _ name: String, from resourceVersion: String?, timeout: Duration,
        onEvent: (NodeWatchEvent) async -> Void
    ) async throws(KubeError) {
        let seconds = max(1, Int(timeout.components.seconds))
        let path = "/api/v1/nodes?watch=1&allowWatchBookmarks=true&fieldSelector=metadata.name%3D\(name)"
            + (resourceVersion.map { "&resourceVersion=\($0)" } ?? "") + "&timeoutSeconds=\(seconds)"
        let (request, security) = try request(.GET, path: path, node: name)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(Int64(seconds) + 30))
        } catch {
            throw await TransportErrors.error(error, access: access, security: security)
        }
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
            throw ResponseErrors.error(
                status: response.status, headers: response.headers, body: body, node: name, security: security, access: access)
        }
        var pending: [UInt8] = []
        do {
            for try await chunk in response.body {
                pending.append(contentsOf: chunk.readableBytesView)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(pending[..<newline])
                    pending.removeSubrange(...newline)
                    if let event = try WatchLine.event(line, server: access.server) { await onEvent(event) }
                }
                guard pending.count <= NodeClient.responseLimit else {
                    throw KubeError(.invalidResponse, "a watch event from \(access.server) is larger than 16 MiB")
                }
            }
        } catch let error as KubeError {
            throw error
        } catch {
            throw await TransportErrors.error(error, access: access, security: security)
        }
    }
}

/// Decodes one line of a watch stream.
enum WatchLine {
    private struct Envelope: Decodable {
        struct Kind: Decodable { var kind: String? }
        var type: String
        var object: Kind
    }

    private struct NodeEnvelope: Decodable { var object: NodeObject }
    private struct StatusEnvelope: Decodable { var object: StatusObject }
    private struct BookmarkEnvelope: Decodable {
        struct Object: Decodable {
            struct Metadata: Decodable { var resourceVersion: String }
            var metadata: Metadata
        }
        var object: Object
    }

    /// The event on `line`; nil for an empty line or an event type this client does not know.
    static func event(_ line: [UInt8], server: String) throws(KubeError) -> NodeWatchEvent? {
        guard line.contains(where: { $0 > 0x20 }) else { return nil }
        let data = Data(line)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(Envelope.self, from: data) else {
            throw KubeError(.invalidResponse, "the API server \(server) sent a watch event that is not JSON")
        }
        switch envelope.type {
        case "ADDED", "MODIFIED", "DELETED":
            guard let node = try? decoder.decode(NodeEnvelope.self, from: data).object.labelState else {
                throw KubeError(.invalidResponse, "the API server \(server) sent a \(envelope.type) event without a Node")
            }
            return envelope.type == "ADDED" ? .added(node) : envelope.type == "MODIFIED" ? .modified(node) : .deleted(node)
        case "BOOKMARK":
            guard let bookmark = try? decoder.decode(BookmarkEnvelope.self, from: data) else { return nil }
            return .bookmark(resourceVersion: bookmark.object.metadata.resourceVersion)
        case "ERROR":
            let status = try? decoder.decode(StatusEnvelope.self, from: data).object
            if status?.code == 410 || status?.reason == "Expired" || status?.reason == "Gone" { return .expired }
            let message = ResponseErrors.oneLine(status?.message ?? "unknown error")
            throw KubeError(.serverError, "the watch on \(server) ended with an error: \(message)")
        default:
            return nil
        }
    }
}
