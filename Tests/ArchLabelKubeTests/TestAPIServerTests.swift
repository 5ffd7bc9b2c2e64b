import Testing
import TestAPIServer
import TestSupport

/// The test API server itself, driven by curl over real TLS with the test PKI: authentication,
/// the Node authorizer and NodeRestriction, validation, patches, preconditions, faults.
@Suite struct TestAPIServerTests {
    static let serviceAccount = "system:serviceaccount:kube-system:archlabeld"

    static func start(tls: Bool = true) async throws -> TestAPIServer {
        let pki = { (file: String) in Fixtures.path("pki/" + file) }
        let server = try await TestAPIServer.start(TestAPIServer.Configuration(
            tls: tls ? TestAPIServer.TLS(
                certificateChainPath: pki("server.pem"), privateKeyPath: pki("server.key"), clientCAPath: pki("ca.pem")) : nil,
            tokens: [
                "sa-token": TestAPIServer.Identity(user: serviceAccount), "nobody-token": TestAPIServer.Identity(user: "nobody"),
                "pi4-token": .node("pi4"),
            ],
            authorizedUsers: [serviceAccount]))
        server.registerNode("pi4")
        server.registerNode("other", labels: ["kubernetes.io/arch": "amd64"])
        return server
    }

    @Test func getsTheNodeWithANodeCertificate() async throws {
        let server = try await Self.start()
        let response = try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes/pi4")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.labels?["kubernetes.io/arch"] == "arm64")
        #expect(response.labels?["kubernetes.io/hostname"] == "pi4")
        #expect(response.metadata?["resourceVersion"] as? String == String(try #require(server.node("pi4")).resourceVersion))
        let recorded = try #require(server.requests.last)
        #expect(recorded.user == "system:node:pi4")
        #expect(recorded.clientCertificateSerial?.count == 40)
        _ = try await Curl(server, certificate: "node-pi4-rotated")("GET", "/api/v1/nodes/pi4")
        #expect(server.requests.last?.clientCertificateSerial != recorded.clientCertificateSerial)
        try await server.shutdown()
    }

    @Test func patchesItsOwnNodeWithAMergePatchAndSkipsNoOps() async throws {
        let server = try await Self.start()
        let before = try #require(server.node("pi4")).resourceVersion
        let curl = Curl(server, certificate: "node-pi4-ec")
        let patch = #"{"metadata":{"labels":{"archlabeld.io/hardware":"rpi4","node.kubernetes.io/instance-type":"rpi"}}}"#
        let response = try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json")
        #expect(response.status == 200)
        #expect(response.labels?["archlabeld.io/hardware"] == "rpi4")
        let node = try #require(server.node("pi4"))
        #expect(node.labels["archlabeld.io/hardware"] == "rpi4" && node.resourceVersion == server.resourceVersion)
        #expect(node.resourceVersion > before)
        _ = try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json")
        #expect(server.node("pi4")?.resourceVersion == node.resourceVersion)  // nothing changed, nothing written
        let removal = #"{"metadata":{"labels":{"archlabeld.io/hardware":null}}}"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: removal, contentType: "application/strategic-merge-patch+json").status == 200)
        #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == nil)
        #expect(server.events.map(\.kind) == [.added, .added, .modified, .modified])
        #expect(server.writes.map(\.status) == [200, 200, 200])
        try await server.shutdown()
    }

    @Test func aStaleResourceVersionIsAConflict() async throws {
        let server = try await Self.start()
        let curl = Curl(server, certificate: "node-pi4-ec")
        let stale = try #require(server.node("pi4")).resourceVersion
        server.updateNode("pi4") { $0.annotations["someone"] = "else" }
        let patch = #"{"metadata":{"resourceVersion":"\#(stale)","labels":{"a":"b"}}}"#
        let response = try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json")
        #expect(response.status == 409)
        #expect(response.json?["reason"] as? String == "Conflict")
        #expect(response.json?["message"] as? String == #"Operation cannot be fulfilled on nodes "pi4": the object has been modified; please apply your changes to the latest version and try again"#)
        #expect(server.node("pi4")?.labels["a"] == nil)
        // kube's order: NodeRestriction (403) before the precondition (409) before validation (422).
        let forbidden = #"{"metadata":{"resourceVersion":"\#(stale)","labels":{"kubernetes.io/role":"x"}}}"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: forbidden, contentType: "application/merge-patch+json").status == 403)
        let invalid = #"{"metadata":{"resourceVersion":"\#(stale)","labels":{"a":"not valid"}}}"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: invalid, contentType: "application/merge-patch+json").status == 409)
        try await server.shutdown()
    }

    @Test func putReplacesLabelsWithAnOptionalPrecondition() async throws {
        let server = try await Self.start()
        let curl = Curl(server, certificate: "admin")
        let node = try #require(server.node("pi4"))
        let put = { (resourceVersion: String) in
            #"{"kind":"Node","apiVersion":"v1","metadata":{"name":"pi4","resourceVersion":"\#(resourceVersion)","labels":{"only":"this"}}}"#
        }
        #expect(try await curl("PUT", "/api/v1/nodes/pi4", body: put(String(node.resourceVersion - 1)), contentType: "application/json").status == 409)
        #expect(try await curl("PUT", "/api/v1/nodes/pi4", body: put(String(node.resourceVersion)), contentType: "application/json").status == 200)
        #expect(server.node("pi4")?.labels == ["only": "this"])
        #expect(try await curl("PUT", "/api/v1/nodes/pi4", body: put(""), contentType: "application/json").status == 200)  // unconditional
        let renamed = #"{"metadata":{"name":"pi5"}}"#
        let response = try await curl("PUT", "/api/v1/nodes/pi4", body: renamed, contentType: "application/json")
        #expect(response.status == 400)
        #expect(response.json?["message"] as? String == "the name of the object (pi5) does not match the name on the URL (pi4)")
        try await server.shutdown()
    }

    @Test func anotherWriterJustBeforeThePatchMakesARealConflict() async throws {
        let server = try await Self.start()
        let current = try #require(server.node("pi4")).resourceVersion
        server.beforeNextRequest(matching: .node("pi4", method: "PATCH")) { server in
            server.updateNode("pi4") { $0.labels["kubectl"] = "was-here" }
        }
        let patch = #"{"metadata":{"resourceVersion":"\#(current)","labels":{"a":"b"}}}"#
        let curl = Curl(server, certificate: "node-pi4-ec")
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json").status == 409)
        #expect(server.node("pi4")?.labels["kubectl"] == "was-here")
        let fresh = #"{"metadata":{"resourceVersion":"\#(server.resourceVersion)","labels":{"a":"b"}}}"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: fresh, contentType: "application/merge-patch+json").status == 200)
        try await server.shutdown()
    }

    @Test(arguments: [
        ("node-role.kubernetes.io/worker", 403), ("kubernetes.io/role", 403), ("x.k8s.io/y", 403),
        ("node-restriction.kubernetes.io/pool", 403), ("a.node-restriction.kubernetes.io/pool", 403),
        ("topology.kubernetes.io/zone", 200), ("node.kubernetes.io/instance-type", 200),
        ("kubelet.kubernetes.io/x", 200), ("sub.node.kubernetes.io/x", 200), ("archlabeld.io/hardware", 200),
    ])
    func nodeRestrictionGuardsKubernetesLabels(_ key: String, _ status: Int) async throws {
        let server = try await Self.start()
        let response = try await Curl(server, certificate: "node-pi4-ec")(
            "PATCH", "/api/v1/nodes/pi4", body: #"{"metadata":{"labels":{"\#(key)":"x"}}}"#,
            contentType: "application/merge-patch+json")
        #expect(response.status == status)
        if status == 403 {
            #expect(response.json?["message"] as? String == "nodes \"pi4\" is forbidden: is not allowed to modify labels: \(key)")
        }
        // An admin is not restricted.
        let admin = try await Curl(server, certificate: "admin")(
            "PATCH", "/api/v1/nodes/pi4", body: #"{"metadata":{"labels":{"\#(key)":"y"}}}"#,
            contentType: "application/merge-patch+json")
        #expect(admin.status == 200)
        try await server.shutdown()
    }

    @Test func invalidLabelsAre422WithOneCauseEach() async throws {
        let server = try await Self.start()
        let patch = #"{"metadata":{"labels":{"archlabeld.io/ok":"a b","Bad_Prefix/x":"y"}}}"#
        let response = try await Curl(server, certificate: "node-pi4-ec")(
            "PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json")
        #expect(response.status == 422)
        #expect(response.json?["reason"] as? String == "Invalid")
        let details = try #require(response.json?["details"] as? [String: Any])
        #expect(details["name"] as? String == "pi4" && details["kind"] as? String == "Node")
        let causes = try #require(details["causes"] as? [[String: String]])
        #expect(causes.map { $0["field"] } == ["metadata.labels", "metadata.labels"])
        #expect(causes.map { $0["reason"] } == ["FieldValueInvalid", "FieldValueInvalid"])
        #expect(causes[0]["message"]?.hasPrefix(#"Invalid value: "Bad_Prefix/x": prefix part a lowercase RFC 1123 subdomain"#) == true)
        #expect(causes[1]["message"]?.hasPrefix(#"Invalid value: "a b": a valid label must be an empty string"#) == true)
        #expect((response.json?["message"] as? String)?.hasPrefix(#"Node "pi4" is invalid: [metadata.labels: Invalid value: "Bad_Prefix/x""#) == true)
        try await server.shutdown()
    }

    @Test func aNodeMayNotPatchAnotherNode() async throws {
        let server = try await Self.start()
        let curl = Curl(server, certificate: "node-pi4-ec")
        let response = try await curl("PATCH", "/api/v1/nodes/other", body: #"{"metadata":{"labels":{"a":"b"}}}"#, contentType: "application/merge-patch+json")
        #expect(response.status == 403)
        #expect(response.json?["message"] as? String == #"nodes "other" is forbidden: node "pi4" is not allowed to modify node "other""#)
        #expect(try await curl("GET", "/api/v1/nodes/other").status == 200)  // reading is fine
        let missing = try await curl("GET", "/api/v1/nodes/nope")
        #expect(missing.status == 404 && missing.json?["message"] as? String == #"nodes "nope" not found"#)
        try await server.shutdown()
    }

    @Test func tokensAnonymousAndRBAC() async throws {
        let server = try await Self.start()
        let bad = try await Curl(server, token: "wrong")("GET", "/api/v1/nodes/pi4")
        #expect(bad.status == 401 && bad.json?["reason"] as? String == "Unauthorized")
        #expect(server.requests.last?.user == nil)
        let anonymous = try await Curl(server)("GET", "/api/v1/nodes/pi4")
        #expect(anonymous.status == 403)
        #expect(anonymous.json?["message"] as? String
            == #"nodes "pi4" is forbidden: User "system:anonymous" cannot get resource "nodes" in API group "" at the cluster scope"#)
        let nobody = try await Curl(server, token: "nobody-token")("GET", "/api/v1/nodes")
        #expect(nobody.json?["message"] as? String
            == #"nodes is forbidden: User "nobody" cannot list resource "nodes" in API group "" at the cluster scope"#)
        let serviceAccount = Curl(server, token: "sa-token")
        #expect(try await serviceAccount("PATCH", "/api/v1/nodes/other", body: #"{"metadata":{"labels":{"kubernetes.io/role":"x"}}}"#,
                                   contentType: "application/merge-patch+json").status == 200)
        #expect(server.requests.last?.user == Self.serviceAccount)
        let nodeToken = try await Curl(server, token: "pi4-token")(
            "PATCH", "/api/v1/nodes/pi4", body: #"{"metadata":{"labels":{"kubernetes.io/role":"x"}}}"#,
            contentType: "application/merge-patch+json")
        #expect(nodeToken.status == 403 && server.requests.last?.user == "system:node:pi4")
        #expect(try await Curl(server, token: "sa-token")("GET", "/api").status == 200)
        #expect(try await Curl(server)("GET", "/api").status == 403)
        #expect(try await Curl(server)("GET", "/version").status == 200)
        try await server.shutdown()
    }

    @Test func jsonPatchesAndUnsupportedContentTypes() async throws {
        let server = try await Self.start()
        let curl = Curl(server, certificate: "node-pi4-ec")
        let add = #"[{"op":"test","path":"/metadata/labels/kubernetes.io~1os","value":"linux"},{"op":"add","path":"/metadata/labels/archlabeld.io~1virt","value":"none"}]"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: add, contentType: "application/json-patch+json").status == 200)
        #expect(server.node("pi4")?.labels["archlabeld.io/virt"] == "none")
        let failing = #"[{"op":"test","path":"/metadata/labels/archlabeld.io~1virt","value":"kvm"},{"op":"remove","path":"/metadata/labels/archlabeld.io~1virt"}]"#
        let response = try await curl("PATCH", "/api/v1/nodes/pi4", body: failing, contentType: "application/json-patch+json")
        #expect(response.status == 422)
        #expect(response.json?["message"] as? String == "the server rejected our request due to an error in our request")
        #expect(server.node("pi4")?.labels["archlabeld.io/virt"] == "none")
        let noAnnotations = #"[{"op":"add","path":"/metadata/annotations/a","value":"b"}]"#
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: noAnnotations, contentType: "application/json-patch+json").status == 422)
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: "{}", contentType: "application/json").status == 415)
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: "{", contentType: "application/merge-patch+json").status == 400)
        try await server.shutdown()
    }

    @Test func listsWithAFieldSelector() async throws {
        let server = try await Self.start()
        let response = try await Curl(server, certificate: "node-pi4-ec")("GET", "/api/v1/nodes?fieldSelector=metadata.name%3Dpi4")
        #expect(response.json?["kind"] as? String == "NodeList")
        let items = try #require(response.json?["items"] as? [[String: Any]])
        #expect(items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String } == ["pi4"])
        #expect(server.requests.last?.queryValue("fieldSelector") == "metadata.name=pi4")
        #expect((response.json?["metadata"] as? [String: Any])?["resourceVersion"] as? String == String(server.resourceVersion))
        #expect(try await Curl(server, certificate: "admin")("GET", "/api/v1/nodes").json.flatMap { ($0["items"] as? [Any])?.count } == 2)
        try await server.shutdown()
    }

    @Test func injectedStatusDelayAndDrop() async throws {
        let server = try await Self.start()
        let curl = Curl(server, certificate: "node-pi4-ec")
        server.inject(.status(429, message: "Too many requests, please try again later.", retryAfterSeconds: 2),
                      on: .method("PATCH"), times: 2)
        let patch = #"{"metadata":{"labels":{"a":"b"}}}"#
        for _ in 0..<2 {
            let throttled = try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json")
            #expect(throttled.status == 429 && throttled.headers["retry-after"] == "2")
            #expect(throttled.json?["reason"] as? String == "TooManyRequests")
            #expect((throttled.json?["details"] as? [String: Any])?["retryAfterSeconds"] as? Int == 2)
        }
        #expect(try await curl("GET", "/api/v1/nodes/pi4").status == 200)  // GETs were never matched
        #expect(try await curl("PATCH", "/api/v1/nodes/pi4", body: patch, contentType: "application/merge-patch+json").status == 200)

        server.inject(.dropConnection)
        let dropped = try await curl("GET", "/api/v1/nodes/pi4")
        #expect(dropped.exitCode == 52)  // curl: empty reply from server
        #expect(server.requests.last?.status == nil)

        server.inject(.delay(.milliseconds(300)))
        let start = ContinuousClock.now
        #expect(try await curl("GET", "/api/v1/nodes/pi4").status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        try await server.shutdown()
    }

    @Test func keepsConnectionsAliveAndServesPlainHTTP() async throws {
        let server = try await Self.start(tls: false)
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        let curl = Curl(server, token: "sa-token")
        _ = try await curl("GET", "/api/v1/nodes/pi4", "/api/v1/nodes/other")
        let ids = server.requests.map(\.connectionID)
        #expect(ids.count == 2 && ids[0] == ids[1])
        _ = try await curl("GET", "/api/v1/nodes/pi4")
        #expect(server.requests.last?.connectionID != ids[0])
        #expect(server.requests.last?.clientCertificateSerial == nil)
        try await server.shutdown()
    }
}
