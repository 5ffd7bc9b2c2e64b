import Foundation
import Testing
import TestAPIServer
import TestSupport

/// The test API server's watch of nodes, read as it streams by `curl -N` over real TLS: initial
/// ADDED events, replay, live events, bookmarks, the timeout, ending, compaction, faults.
@Suite struct TestAPIServerWatchTests {
    static func start() async throws -> TestAPIServer {
        let pki = { (file: String) in Fixtures.path("pki/" + file) }
        let server = try await TestAPIServer.start(TestAPIServer.Configuration(
            tls: TestAPIServer.TLS(certificateChainPath: pki("server.pem"), privateKeyPath: pki("server.key"), clientCAPath: pki("ca.pem")),
            bookmarkInterval: .milliseconds(200)))
        server.registerNode("pi4")
        server.registerNode("other")
        return server
    }

    @Test func startsWithTheCurrentNodesThenStreamsEveryWrite() async throws {
        let server = try await Self.start()
        var watch = try await WatchCurl.start(server, query: "resourceVersion=")
        #expect(watch.status == 200 && watch.headers["content-type"] == "application/json")
        #expect(watch.headers["transfer-encoding"] == "chunked")
        let versions = try ["other", "pi4"].map { try #require(server.node($0)).resourceVersion }
        #expect(await watch.next()?.summary == "ADDED other \(versions[0])")
        #expect(await watch.next()?.summary == "ADDED pi4 \(versions[1])")
        #expect(server.openWatchCount == 1)
        #expect(server.requests.last?.status == 200 && server.requests.last?.queryValue("watch") == "1")

        server.updateNode("pi4") { $0.annotations["a"] = "b" }
        #expect(await watch.next()?.summary == "MODIFIED pi4 \(server.resourceVersion)")
        let patch = #"{"metadata":{"labels":{"archlabeld.io/hardware":"rpi4"}}}"#
        #expect(try await Curl(server, certificate: "node-pi4-ec")(
            "PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json").status == 200)
        let patched = try #require(await watch.next())
        #expect(patched.summary == "MODIFIED pi4 \(server.resourceVersion)")
        #expect(patched.labels?["archlabeld.io/hardware"] == "rpi4")
        server.deleteNode("other")
        #expect(await watch.next()?.summary == "DELETED other \(server.resourceVersion)")
        server.registerNode("other")
        #expect(await watch.next()?.summary == "ADDED other \(server.resourceVersion)")

        server.endWatches()
        #expect(await watch.next() == nil)
        #expect(watch.exitCode() == 0)  // a clean end: the terminating chunk
        #expect(server.openWatchCount == 0)
        try await server.shutdown()
    }

    @Test func replaysFromAResourceVersionForTheSelectedNodeOnly() async throws {
        let server = try await Self.start()
        let from = server.resourceVersion
        server.updateNode("pi4") { $0.labels["step"] = "1" }
        server.updateNode("other") { $0.labels["step"] = "1" }
        server.updateNode("pi4") { $0.labels["step"] = "2" }
        var watch = try await WatchCurl.start(server, query: "fieldSelector=metadata.name%3Dpi4&resourceVersion=\(from)")
        #expect(await watch.next()?.summary == "MODIFIED pi4 \(from + 1)")
        #expect(await watch.next()?.summary == "MODIFIED pi4 \(from + 3)")
        server.updateNode("other") { $0.labels["step"] = "2" }
        server.updateNode("pi4") { $0.labels["step"] = "3" }
        let live = try #require(await watch.next())
        #expect(live.summary == "MODIFIED pi4 \(from + 5)" && live.labels?["step"] == "3")
        try await server.shutdown()
        #expect(await watch.next() == nil)  // shutdown ends open watches
    }

    @Test func bookmarksCarryTheCurrentResourceVersion() async throws {
        let server = try await Self.start()
        var watch = try await WatchCurl.start(
            server, query: "fieldSelector=metadata.name=pi4&resourceVersion=\(server.resourceVersion)&allowWatchBookmarks=true")
        let first = try #require(await watch.next())
        #expect(first.type == "BOOKMARK" && first.resourceVersion == String(server.resourceVersion))
        #expect(first.object["kind"] as? String == "Node" && first.object["apiVersion"] as? String == "v1")
        server.updateNode("other") { $0.labels["unseen"] = "yes" }  // filtered out, but bookmarks move on
        let moved = "BOOKMARK - \(server.resourceVersion)"
        var seen: [String] = []  // a bookmark may have left before the write
        while seen.last != moved, seen.count < 20, let event = await watch.next() { seen.append(event.summary) }
        #expect(seen.last == moved && seen.allSatisfy { $0.hasPrefix("BOOKMARK - ") }, "\(seen)")
        try await server.shutdown()
    }

    @Test func timeoutSecondsEndsTheStreamAndKeepsTheConnection() async throws {
        let server = try await Self.start()
        let began = ContinuousClock.now
        var watch = try await WatchCurl.start(
            server, query: "fieldSelector=metadata.name%3Dpi4&timeoutSeconds=1", then: "/api/v1/nodes/pi4")
        let version = try #require(server.node("pi4")).resourceVersion
        #expect(await watch.next()?.summary == "ADDED pi4 \(version)")
        _ = await watch.rest()
        #expect(ContinuousClock.now - began >= .seconds(1))
        #expect(watch.exitCode() == 0)  // not curl's --max-time (28): the server ended the response
        #expect(server.openWatchCount == 0)
        let requests = server.requests
        #expect(requests.map(\.status) == [200, 200] && requests[0].connectionID == requests[1].connectionID)
        #expect(requests.filter { $0.queryValue("watch") == "1" }.count == 1)
        try await server.shutdown()
    }

    @Test func aCompactedResourceVersionIsAnErrorEventWith410() async throws {
        let server = try await Self.start()
        let old = server.resourceVersion
        server.compact()
        #expect(server.resourceVersion == old + 1)
        var watch = try await WatchCurl.start(server, query: "resourceVersion=\(old)&allowWatchBookmarks=true")
        #expect(watch.status == 200)
        let error = try #require(await watch.next())
        #expect(error.type == "ERROR")
        #expect(error.object["kind"] as? String == "Status" && error.object["status"] as? String == "Failure")
        #expect(error.object["code"] as? Int == 410 && error.object["reason"] as? String == "Expired")
        #expect(error.object["message"] as? String == "too old resource version: \(old) (\(old + 1))")
        #expect(error.object["details"] == nil)
        #expect(await watch.next() == nil)
        #expect(server.openWatchCount == 0)
        // A list gives the resourceVersion compaction advanced to; a watch from it works.
        let listed = try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes")
        #expect((listed.json?["metadata"] as? [String: Any])?["resourceVersion"] as? String == String(old + 1))
        var fresh = try await WatchCurl.start(server, query: "resourceVersion=\(old + 1)")
        server.updateNode("pi4") { $0.labels["after"] = "compaction" }
        #expect(await fresh.next()?.summary == "MODIFIED pi4 \(old + 2)")
        try await server.shutdown()
    }

    @Test func faultsAndAuthorizationApplyToWatches() async throws {
        let server = try await Self.start()
        server.inject(.status(429, message: "Too many requests, please try again later.", retryAfterSeconds: 1), on: .watches)
        #expect(try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes").status == 200)  // a list: not matched
        let throttled = try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes?watch=true&timeoutSeconds=1")
        #expect(throttled.status == 429 && throttled.headers["retry-after"] == "1")
        #expect(throttled.json?["reason"] as? String == "TooManyRequests")
        #expect(server.requests.last?.status == 429 && server.openWatchCount == 0)
        server.compact()  // so that the retry ends at once, with its ERROR event
        let retried = try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes?watch=true&resourceVersion=1")
        #expect(retried.status == 200 && retried.json?["type"] as? String == "ERROR")  // the fault was used up

        let anonymous = try await Curl(server)("GET", "/api/v1/nodes?watch=1&fieldSelector=metadata.name%3Dpi4")
        #expect(anonymous.status == 403)
        #expect(anonymous.json?["message"] as? String
            == #"nodes "pi4" is forbidden: User "system:anonymous" cannot watch resource "nodes" in API group "" at the cluster scope"#)
        #expect(try await Curl(server, token: "wrong")("GET", "/api/v1/nodes?watch=1").status == 401)
        #expect(server.requests.suffix(2).map(\.status) == [403, 401])

        server.inject(.dropConnection, on: .watches)
        let dropped = try await WatchCurl.start(server, query: "")
        #expect(dropped.status == nil && dropped.exitCode() == 52)  // curl: empty reply from server
        #expect(server.requests.last?.status == nil)
        try await server.shutdown()
    }
}

/// One watch read with `curl -sN` as it streams, with node pi4's client certificate: the status
/// and headers from curl's verbose output (`-i` would hold them back until the first body byte),
/// then one decoded event per line of the body.
struct WatchCurl {
    let process: Process
    var lines: AsyncStream<String>.Iterator
    var status: Int?
    var headers: [String: String] = [:]

    /// One event: its type and object.
    struct Event {
        var type: String
        var object: [String: Any]

        var metadata: [String: Any]? { object["metadata"] as? [String: Any] }
        var labels: [String: String]? { metadata?["labels"] as? [String: String] }
        var resourceVersion: String? { metadata?["resourceVersion"] as? String }
        /// `TYPE NAME RESOURCEVERSION`, `-` for a missing name.
        var summary: String { "\(type) \(metadata?["name"] as? String ?? "-") \(resourceVersion ?? "-")" }
    }

    /// Starts `curl` on `/api/v1/nodes?watch=1&QUERY` (then `then` on the same connection)
    /// and reads the response head.
    static func start(_ server: TestAPIServer, query: String, then next: String? = nil) async throws -> WatchCurl {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "curl", "-sNv", "--http1.1", "--max-time", "5", "--cacert", Fixtures.path("pki/ca.pem"),
            "--cert", Fixtures.path("pki/node-pi4-ec.pem"), "--key", Fixtures.path("pki/node-pi4-ec.key"),
            server.url + "/api/v1/nodes?watch=1&" + query,
        ] + (next.map { [server.url + $0] } ?? [])
        let (output, verbose) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = verbose
        try process.run()
        var watch = WatchCurl(process: process, lines: lines(of: output.fileHandleForReading).makeAsyncIterator())
        for await line in lines(of: verbose.fileHandleForReading) where line.hasPrefix("< ") {
            let text = line.dropFirst(2).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { break }
            if let colon = text.firstIndex(of: ":") {
                watch.headers[text[..<colon].lowercased()] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                watch.status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            }
        }
        return watch
    }

    /// The lines `handle` delivers as they come, the last one even without a newline.
    private static func lines(of handle: FileHandle) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        Thread {
            var pending = Data()
            while case let data = handle.availableData, !data.isEmpty {  // read(upToCount:) waits for a full count
                pending += data
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
            continuation.finish()
        }.start()
        return stream
    }

    /// The next event; nil once the stream has ended.
    mutating func next() async -> Event? {
        guard let line = await lines.next(),
            let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let type = json["type"] as? String, let object = json["object"] as? [String: Any]
        else { return nil }
        return Event(type: type, object: object)
    }

    /// Every remaining line, once curl is done.
    mutating func rest() async -> [String] {
        var rest: [String] = []
        while let line = await lines.next() { rest.append(line) }
        return rest
    }

    /// curl's exit code, once it has exited.
    func exitCode() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}
