import Foundation
import TestAPIServer

// archlabeld-test-apiserver [--tls-cert PEM --tls-key PEM [--client-ca PEM]] [--node NAME]… [--port N]
//                           [--bookmark-interval SECONDS]   (default 60, about what kube-apiserver sends)
//                           [--token TOKEN=USER]…  (a bearer token for USER, in group system:serviceaccounts)
//                           [--node-verbs USER=VERB,VERB…]… (what USER may do to nodes; others: everything)
// Serves the test API server for benchmarks and manual kubectl runs; prints `READY <url>` once
// listening and runs until SIGTERM or SIGINT.

var options: [String: [String]] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    let flags = ["--tls-cert", "--tls-key", "--client-ca", "--node", "--port", "--bookmark-interval", "--token", "--node-verbs"]
    guard flags.contains(flag), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: archlabeld-test-apiserver [--tls-cert PEM --tls-key PEM [--client-ca PEM]] [--node NAME]... [--port N] [--token TOKEN=USER]... [--node-verbs USER=VERBS]...\n".utf8))
        exit(2)
    }
    options[flag, default: []].append(value)
}

var tls: TestAPIServer.TLS?
if let certificate = options["--tls-cert"]?.last, let key = options["--tls-key"]?.last {
    tls = TestAPIServer.TLS(certificateChainPath: certificate, privateKeyPath: key, clientCAPath: options["--client-ca"]?.last)
}
var configuration = TestAPIServer.Configuration(tls: tls, port: options["--port"]?.last.flatMap { Int($0) } ?? 0)
configuration.bookmarkInterval = .seconds(options["--bookmark-interval"]?.last.flatMap { Int($0) } ?? 60)
/// `KEY=VALUE` split at the first `=`.
func pair(_ text: String) -> (String, String) {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
}
for (token, user) in (options["--token"] ?? []).map(pair) {
    configuration.tokens[token] = TestAPIServer.Identity(user: user, groups: ["system:serviceaccounts"])
}
for (user, verbs) in (options["--node-verbs"] ?? []).map(pair) {
    configuration.nodeVerbsByUser[user] = Set(verbs.split(separator: ",").map(String.init))
}
let server = try await TestAPIServer.start(configuration)
for name in options["--node"] ?? [] { server.registerNode(name) }
FileHandle.standardOutput.write(Data("READY \(server.url)\n".utf8))  // unbuffered: readers wait for it

let (signals, signalContinuation) = AsyncStream<Int32>.makeStream()
var signalSources: [any DispatchSourceSignal] = []
for signalNumber in [SIGTERM, SIGINT] {
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber)
    source.setEventHandler { signalContinuation.yield(signalNumber) }
    source.resume()
    signalSources.append(source)
}
for await _ in signals { break }
try await server.shutdown()
