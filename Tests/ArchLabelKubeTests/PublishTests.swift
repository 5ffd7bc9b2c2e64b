import ArchLabelCore
import ArchLabelKube
import Foundation
import Testing
import TestAPIServer

/// Publishing against the real test API server over mutual TLS: what lands on the Node, how
/// many writes it takes, and that foreign labels survive everything.
@Suite struct PublishTests {
    static let record = "archlabeld.io/managed-labels"
    static let labels = ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none", "archlabeld.io/cpu.cores": "4"]

    @Test func firstPublishAddsLabelsAndRecordThenSecondRunSendsNothing() async throws {
        try await APIHarness.withServer { server in
            let access = try APIHarness.nodeAccess(server)
            let first = try await APIHarness.publish(Self.labels, access: access)
            #expect(first.wrote && first.plan.changes.added == Self.labels)
            let node = try #require(server.node("pi4"))
            for (key, value) in Self.labels { #expect(node.labels[key] == value) }
            #expect(node.labels["kubernetes.io/hostname"] == "pi4")
            #expect(node.annotations[Self.record] == "archlabeld.io/cpu.cores,archlabeld.io/hardware,archlabeld.io/virt")
            #expect(server.writes.count == 1)
            #expect(server.writes.first?.contentType == "application/merge-patch+json")
            #expect(server.writes.first?.user == "system:node:pi4")

            let second = try await APIHarness.publish(Self.labels, access: access)
            #expect(!second.wrote)
            #expect(server.writes.count == 1, "a second run must send zero writes")
            #expect(server.requests.filter { $0.method == "GET" }.count == 2)
        }
    }

    @Test func aFactThatDisappearsRemovesOnlyItsLabel() async throws {
        try await APIHarness.withServer { server in
            let access = try APIHarness.nodeAccess(server)
            _ = try await APIHarness.publish(Self.labels.merging(["archlabeld.io/emulation.amd64": "true"]) { $1 }, access: access)
            server.updateNode("pi4") { $0.labels["team"] = "storage" }
            let outcome = try await APIHarness.publish(Self.labels, access: access)
            #expect(outcome.plan.changes.removed == ["archlabeld.io/emulation.amd64": "true"])
            let node = try #require(server.node("pi4"))
            #expect(node.labels["archlabeld.io/emulation.amd64"] == nil)
            #expect(node.labels["team"] == "storage")
            #expect(node.labels["archlabeld.io/hardware"] == "rpi4")
            #expect(node.annotations[Self.record]?.contains("emulation") == false)
        }
    }

    @Test func aUsersLabelWithTheSameKeyIsLeftAlone() async throws {
        try await APIHarness.withServer(nodes: []) { server in
            server.registerNode("pi4", labels: ["archlabeld.io/hardware": "my-board"])
            let outcome = try await APIHarness.publish(Self.labels, access: try APIHarness.nodeAccess(server))
            #expect(outcome.plan.conflicts == [LabelConflict(key: "archlabeld.io/hardware", nodeValue: "my-board", computedValue: "rpi4")])
            let node = try #require(server.node("pi4"))
            #expect(node.labels["archlabeld.io/hardware"] == "my-board")
            #expect(node.annotations[Self.record] == "archlabeld.io/cpu.cores,archlabeld.io/virt")
            // Pruning later must not take the user's label either.
            _ = try await APIHarness.publish([:], access: try APIHarness.nodeAccess(server))
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "my-board")
        }
    }

    @Test func aConcurrentChangeCausesA409AndACorrectRetry() async throws {
        try await APIHarness.withServer { server in
            server.beforeNextRequest(matching: .node("pi4", method: "PATCH")) { server in
                server.updateNode("pi4") { $0.labels["team"] = "edge" }
            }
            let outcome = try await APIHarness.publish(Self.labels, access: try APIHarness.nodeAccess(server))
            #expect(outcome.wrote && outcome.conflictsRetried == 1)
            #expect(server.writes.map(\.status) == [409, 200])
            let node = try #require(server.node("pi4"))
            #expect(node.labels["team"] == "edge")
            #expect(node.labels["archlabeld.io/hardware"] == "rpi4")
        }
    }

    @Test func pruneRemovesExactlyTheManagedSet() async throws {
        try await APIHarness.withServer { server in
            let access = try APIHarness.nodeAccess(server)
            _ = try await APIHarness.publish(Self.labels, access: access)
            server.updateNode("pi4") { $0.labels["site"] = "garage" }
            let before = try #require(server.node("pi4")).labels
            let outcome = try await APIHarness.publish([:], access: access)
            #expect(outcome.plan.changes.removed == Self.labels)
            let node = try #require(server.node("pi4"))
            #expect(node.labels == before.filter { Self.labels[$0.key] == nil })
            #expect(node.annotations[Self.record] == nil)
            let again = try await APIHarness.publish([:], access: access)
            #expect(!again.wrote)
        }
    }

    @Test func fiftyConflictingUpdatesInARowStillConvergeWithinTheRetryBudget() async throws {
        try await APIHarness.withServer { server in
            let access = try APIHarness.nodeAccess(server)
            var lostLabels = 0
            for round in 0..<50 {
                server.beforeNextRequest(matching: .node("pi4", method: "PATCH")) { server in
                    server.updateNode("pi4") { $0.labels["round-\(round)"] = "x" }
                }
                let desired = Self.labels.merging(["archlabeld.io/round": "\(round)"]) { $1 }
                let outcome = try await APIHarness.publish(desired, access: access)
                #expect(outcome.wrote && outcome.conflictsRetried == 1)
                lostLabels += (0...round).filter { server.node("pi4")?.labels["round-\($0)"] == nil }.count
            }
            #expect(lostLabels == 0)
            #expect(server.node("pi4")?.labels["archlabeld.io/round"] == "49")
        }
    }

    @Test func aNodeThatIsNotRegisteredYetIsWaitedFor() async throws {
        try await APIHarness.withServer(nodes: []) { server in
            let access = try APIHarness.nodeAccess(server)
            let registration = Task {
                try await Task.sleep(for: .milliseconds(300))
                server.registerNode("pi4")
            }
            let outcome = try await APIHarness.publish(Self.labels, access: access)
            try await registration.value
            #expect(outcome.wrote)
            #expect(server.requests.contains { $0.status == 404 })
        }
    }

    @Test func aNodeThatNeverRegistersFailsAfterTheBoundedWait() async throws {
        try await APIHarness.withServer(nodes: []) { server in
            var policy = APIHarness.fastPolicy
            policy.registrationWait = .milliseconds(400)
            let started = ContinuousClock.now
            do {
                _ = try await APIHarness.publish(Self.labels, access: try APIHarness.nodeAccess(server), policy: policy)
                Issue.record("expected nodeNotFound")
            } catch let error as KubeError {
                #expect(error.code == .nodeNotFound)
                #expect(error.message.contains("node \"pi4\" is not registered with the API server (yet)"))
            }
            #expect(ContinuousClock.now - started < .seconds(10), "bounded, not the 60 s default")
            #expect(server.writes.isEmpty)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        try await APIHarness.withServer { server in
            server.inject(.status(429, message: "too many requests, please try again later", retryAfterSeconds: 1), on: .node("pi4", method: "GET"))
            let started = ContinuousClock.now
            let outcome = try await APIHarness.publish(Self.labels, access: try APIHarness.nodeAccess(server))
            #expect(outcome.wrote)
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
    }

    @Test func transientFailuresAreRetried() async throws {
        try await APIHarness.withServer { server in
            server.inject(.status(503, message: "etcdserver: leader changed"), on: .node("pi4", method: "GET"))
            server.inject(.dropConnection, on: .node("pi4", method: "PATCH"))
            let outcome = try await APIHarness.publish(Self.labels, access: try APIHarness.nodeAccess(server))
            #expect(outcome.wrote)
            #expect(server.node("pi4")?.labels["archlabeld.io/hardware"] == "rpi4")
        }
    }

    @Test func invalidLabelsAreA422WithTheServersCauses() async throws {
        try await APIHarness.withServer { server in
            let access = try APIHarness.nodeAccess(server)
            do {
                _ = try await NodeClient.withClient(access: access) { (client) throws(KubeError) in
                    try await client.patch("pi4", mergePatch: .object(["metadata": .object(["labels": .object(["archlabeld.io/bad": .string("no spaces allowed")])])]))
                }
                Issue.record("expected 422")
            } catch let error as KubeError {
                #expect(error.code == .invalid)
                #expect(error.causes.count == 1)
                #expect(error.message.hasPrefix("HTTP 422 Unprocessable Entity: the API server rejected the labels: metadata.labels"), "\(error)")
            }
        }
    }
}
