@testable import ArchLabelDaemon
import ArchLabelKube
import Foundation
import Testing
import TestAPIServer

/// The daemon against the test API server: the first cycle, a quiet steady state, drift repair,
/// a deleted Node, an API that is down, watch ends and expiry, Retry-After, conflicts, reloads.
@Suite struct DaemonTests {
    static let labels = ["archlabeld.io/hardware": "rpi4", "archlabeld.io/virt": "none", "archlabeld.io/cpu.cores": "4"]

    private func withServer(port: Int = 0, _ body: (TestAPIServer) async throws -> Void) async throws {
        try await TestAPIServer.serving(TestAPIServer.Configuration(tls: DaemonHarness.tls, port: port)) { server in
            server.registerNode("pi4")
            try await body(server)
        }
    }

    private func labelsApplied(_ server: TestAPIServer) -> Bool {
        guard let node = server.node("pi4") else { return false }
        return Self.labels.allSatisfy { node.labels[$0.key] == $0.value }
    }

    @Test func firstCycleThenOneWatchAndNoTrafficInSteadyState() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                #expect(server.writes.count == 1)
                let before = server.requests.count
                try await Task.sleep(for: .seconds(2))
                #expect(server.requests.count == before, "steady state: no requests at all")
                #expect(server.writes.count == 1, "steady state: zero writes")
                #expect(server.openWatchCount == 1, "steady state: one open watch")
                #expect(harness.events.filter { $0 == "labels.applied" }.count == 1)
            }
        }
    }

    @Test func aLabelRemovedByAnotherActorIsRepairedWithinFiveSeconds() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let removed = ContinuousClock.now
                server.updateNode("pi4") {
                    $0.labels["archlabeld.io/hardware"] = nil
                    $0.labels["archlabeld.io/virt"] = "changed-by-hand"
                    $0.labels["team"] = "edge"
                }
                #expect(await eventually { labelsApplied(server) })
                #expect(ContinuousClock.now - removed < .seconds(5))
                #expect(server.node("pi4")?.labels["team"] == "edge")
                #expect(await eventually { harness.events.contains("drift.repaired") })
                try await Task.sleep(for: .milliseconds(500))
                #expect(server.writes.count == 2, "the repair is one write, and it does not trigger another")
            }
        }
    }

    @Test func aDeletedAndReregisteredNodeGetsItsLabelsBack() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                server.deleteNode("pi4")
                #expect(await eventually { harness.events.contains("node.deleted") })
                server.registerNode("pi4")
                #expect(await eventually { labelsApplied(server) })
                #expect(server.node("pi4")?.annotations[DaemonHarness.record] != nil)
            }
        }
    }

    @Test func anAPIThatIsDownAtStartIsUsedOnceItIsUp() async throws {
        let port = try await TestAPIServer.serving(TestAPIServer.Configuration(tls: DaemonHarness.tls)) { $0.port }
        let harness = DaemonHarness(server: try await TestAPIServer.start(TestAPIServer.Configuration(tls: nil)), labels: Self.labels)
        try await harness.server.shutdown()
        try await harness.run(access: try DaemonHarness.access("https://127.0.0.1:\(port)")) {
            #expect(await eventually { harness.events.contains("api.error") })
            try await withServer(port: port) { server in
                #expect(await eventually(within: .seconds(8)) { labelsApplied(server) })
            }
        }
    }

    @Test func aWatchTheServerEndsIsResumedWithoutAWrite() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let watches = server.requests.filter { $0.queryValue("watch") != nil }.count
                server.endWatches()
                #expect(await eventually { server.requests.filter { $0.queryValue("watch") != nil }.count == watches + 1 })
                #expect(await eventually { server.openWatchCount == 1 })
                let resumed = try #require(server.requests.last { $0.queryValue("watch") != nil })
                #expect(resumed.queryValue("resourceVersion").map { !$0.isEmpty && $0 != "0" } == true)
                #expect(server.writes.count == 1)
            }
        }
    }

    /// GETs of the Node itself: what a cycle reads.
    static func reads(_ server: TestAPIServer) -> Int {
        server.requests.filter { $0.method == "GET" && $0.path == "/api/v1/nodes/pi4" }.count
    }

    /// Lists of the node collection: the daemon never needs them (the DaemonSet's ClusterRole
    /// has no `list`).
    static func lists(_ server: TestAPIServer) -> Int {
        server.requests.filter { $0.path == "/api/v1/nodes" && $0.queryValue("watch") == nil }.count
    }

    @Test func anExpiredWatchReadsTheNodeAgainAndWatchesFromNow() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let reads = Self.reads(server)
                server.updateNode("pi4") { $0.labels["team"] = "edge" }
                server.compact()
                server.endWatches()
                #expect(await eventually { harness.events.contains("watch.expired") })
                #expect(await eventually { Self.reads(server) == reads + 1 })
                #expect(await eventually { server.openWatchCount == 1 })
                let rewatch = try #require(server.requests.last { $0.queryValue("watch") != nil })
                #expect(rewatch.queryValue("resourceVersion") == nil, "a watch from now after the re-read")
                #expect(server.writes.count == 1)
                #expect(Self.lists(server) == 0)
            }
        }
    }

    /// A Node that already carries the labels: the cycle writes nothing and watches from now.
    /// Someone removing a label after the read but before the watch is seen in the current Node
    /// the watch sends first (ADDED) and repaired; that ADDED itself is no drift, so a clean
    /// start writes nothing, logs only `labels.unchanged`, and does not resume from its version.
    @Test func aChangeBetweenTheReadAndTheWatchIsRepairedAndTheCurrentNodeIsNoDrift() async throws {
        try await withServer { server in
            try await DaemonHarness(server: server, labels: Self.labels).run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
            }
            let writes = server.writes.count
            let clean = DaemonHarness(server: server, labels: Self.labels)
            try await clean.run {
                #expect(await eventually { server.openWatchCount == 1 && clean.events.contains("labels.unchanged") })
                try await Task.sleep(for: .milliseconds(300))
                #expect(server.writes.count == writes)
                #expect(clean.events.filter { !["daemon.started", "daemon.stopping", "devices.watch"].contains($0) } == ["labels.unchanged"], "\(clean.events)")
                let watch = try #require(server.requests.last { $0.queryValue("watch") != nil })
                #expect(watch.queryValue("resourceVersion") == nil, "the cycle wrote nothing: the watch starts from now")
                // The ADDED event's version is no resume point: the next watch starts from now too.
                server.endWatches()
                #expect(await eventually { server.requests.filter { $0.queryValue("watch") != nil }.count >= 3 && server.openWatchCount == 1 })
                #expect(server.requests.last { $0.queryValue("watch") != nil }?.queryValue("resourceVersion") == nil)
            }
            let raced = DaemonHarness(server: server, labels: Self.labels)
            server.beforeNextRequest(matching: .watches) { $0.updateNode("pi4") { $0.labels["archlabeld.io/virt"] = nil } }
            try await raced.run {
                #expect(await eventually { raced.events.contains("drift.repaired") && labelsApplied(server) })
                #expect(server.writes.count == writes + 1)
            }
        }
    }

    @Test func aPlain410OnTheWatchRequestReadsAgainToo() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let before = Self.reads(server)
                server.inject(.status(410, message: "too old resource version"), on: .watches)
                server.endWatches()
                #expect(await eventually { harness.events.contains("watch.expired") })
                #expect(await eventually { Self.reads(server) == before + 1 && server.openWatchCount == 1 })
                #expect(server.writes.count == 1)
                #expect(Self.lists(server) == 0)
            }
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        try await withServer { server in
            server.inject(.status(429, message: "slow down", retryAfterSeconds: 1), on: .method("GET"))
            let harness = DaemonHarness(server: server, labels: Self.labels)
            let started = ContinuousClock.now
            try await harness.run {
                #expect(await eventually(within: .seconds(15)) { labelsApplied(server) })
                #expect(ContinuousClock.now - started >= .seconds(1))
                #expect(harness.events.contains("api.error"))
            }
        }
    }

    @Test func fiftyConflictingUpdatesInARowConvergeWithoutLosingAForeignLabel() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                Self.conflictOnEachOfTheNextPatches(server, rounds: 50)
                server.updateNode("pi4") { $0.labels["archlabeld.io/hardware"] = nil }
                #expect(await eventually(within: .seconds(20)) {
                    labelsApplied(server) && server.writes.filter { $0.status == 409 }.count == 50
                })
                let node = try #require(server.node("pi4"))
                #expect((0..<50).allSatisfy { node.labels["foreign-\($0)"] == "x" })
            }
        }
    }

    @Test func anotherWriterFightingTheRepairsMakesThemSlowDownNotStop() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let before = server.writes.count
                // For two seconds another writer removes the label as soon as it is back.
                let fightUntil = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < fightUntil {
                    if server.node("pi4")?.labels["archlabeld.io/hardware"] != nil {
                        server.updateNode("pi4") { $0.labels["archlabeld.io/hardware"] = nil }
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let repairsDuringTheFight = server.writes.count - before
                #expect(harness.events.contains("drift.contested"))
                #expect(repairsDuringTheFight < 15, "\(repairsDuringTheFight) repairs in 2 s: no backoff")
                #expect(await eventually { labelsApplied(server) }, "once the fight stops, the label comes back")
            }
        }
    }

    @Test func watchesTheServerEndsBeforeAnythingArrivesAreResumedWithBackoff() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                let watches = { server.requests.filter { $0.queryValue("watch") != nil }.count }
                let before = watches()
                // For two seconds the server ends every watch at once, before any bookmark.
                let until = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < until {
                    server.endWatches()
                    try await Task.sleep(for: .milliseconds(20))
                }
                let reconnects = watches() - before
                #expect(reconnects < 30, "\(reconnects) reconnects in 2 s: no backoff")
                #expect(await eventually { server.openWatchCount == 1 }, "the watch is back once the server behaves")
                #expect(server.writes.count == 1)
            }
        }
    }

    /// Before each of our next `rounds` PATCHes, another actor changes the Node (adding label
    /// `foreign-N`), so that each of those PATCHes meets a 409.
    static func conflictOnEachOfTheNextPatches(_ server: TestAPIServer, rounds: Int, round: Int = 0) {
        guard round < rounds else { return }
        server.beforeNextRequest(matching: .node("pi4", method: "PATCH")) { server in
            server.updateNode("pi4") { $0.labels["foreign-\(round)"] = "x" }
            conflictOnEachOfTheNextPatches(server, rounds: rounds, round: round + 1)
        }
    }

    @Test func aReloadProbesAgainAndAppliesTheNewLabels() async throws {
        try await withServer { server in
            let harness = DaemonHarness(server: server, labels: Self.labels)
            try await harness.run {
                #expect(await eventually { labelsApplied(server) && server.openWatchCount == 1 })
                harness.desired.withLock { $0["archlabeld.io/kernel.version"] = "6.12" }
                harness.reload.yield()
                #expect(await eventually { server.node("pi4")?.labels["archlabeld.io/kernel.version"] == "6.12" })
                #expect(harness.events.contains("config.reloaded"))
            }
        }
    }
}

/// The pieces of the daemon's timing that need no server.
@Suite struct DaemonTimingTests {
    @Test func aPendingCycleIsNotReplacedByAWatchRestart() async throws {
        let (events, post) = AsyncStream.makeStream(of: DaemonEvent.self)
        var slot = RetrySlot()
        slot.schedule(.reconcile, after: .milliseconds(50), post: post)
        slot.schedule(.restartWatch, after: .milliseconds(10), post: post)
        var iterator = events.makeAsyncIterator()
        let first = await iterator.next()
        guard case .reconcile? = first else {
            Issue.record("expected the pending cycle, got \(String(describing: first))")
            return
        }
        slot.schedule(.restartWatch, after: .milliseconds(10), post: post)
        slot.schedule(.reconcile, after: .milliseconds(20), post: post)
        guard case .reconcile? = await iterator.next() else {
            Issue.record("a cycle replaces a pending watch restart")
            return
        }
    }

    @Test(arguments: [
        (["WATCHDOG_USEC": "30000000"], Duration?.some(.seconds(15))),
        (["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"], Duration?.some(.seconds(15))),
        (["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"], nil),
        (["WATCHDOG_USEC": "0"], nil),
        (["WATCHDOG_USEC": "x"], nil),
        ([:], nil),
    ] as [([String: String], Duration?)])
    func watchdogIntervalIsHalfOfWhatSystemdAsks(environment: [String: String], expected: Duration?) {
        #expect(DaemonSettings.watchdogInterval(environment: environment, pid: 4242) == expected)
    }
}
