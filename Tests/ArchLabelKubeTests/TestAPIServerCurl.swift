import Foundation
import TestAPIServer
import TestSupport

/// One curl run against the test server, with a client certificate of the test PKI (`node-pi4-ec`
/// for node-pi4-ec.pem/.key) or a bearer token. Several paths go over one connection.
struct Curl: Sendable {
    let server: TestAPIServer
    var certificate: String?
    var token: String?

    init(_ server: TestAPIServer, certificate: String? = nil, token: String? = nil) {
        self.server = server
        self.certificate = certificate
        self.token = token
    }

    /// The first response curl printed, with the status and headers split off.
    struct Response: @unchecked Sendable {
        var exitCode: Int32
        var status: Int?
        var headers: [String: String]
        var json: [String: Any]?

        var metadata: [String: Any]? { json?["metadata"] as? [String: Any] }
        var labels: [String: String]? { metadata?["labels"] as? [String: String] }
    }

    func callAsFunction(_ method: String, _ paths: String..., body: String? = nil, contentType: String? = nil) async throws -> Response {
        let curl = self
        return try await offload { try curl.run(method, paths, body: body, contentType: contentType) }
    }

    private func run(_ method: String, _ paths: [String], body: String?, contentType: String?) throws -> Response {
        var arguments = ["curl", "-sS", "-i", "--http1.1", "--max-time", "10", "-X", method]
        if server.url.hasPrefix("https:") { arguments += ["--cacert", Fixtures.path("pki/ca.pem")] }
        if let certificate {
            arguments += ["--cert", Fixtures.path("pki/\(certificate).pem"), "--key", Fixtures.path("pki/\(certificate).key")]
        }
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let contentType { arguments += ["-H", "Content-Type: \(contentType)"] }
        if let body { arguments += ["--data-binary", body] }
        arguments += paths.map { server.url + $0 }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        var response = Response(exitCode: process.terminationStatus, headers: [:])
        guard let split = text.range(of: "\r\n\r\n") else { return response }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        response.status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            response.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Data(text[split.upperBound...].utf8)
        response.json = (try? JSONSerialization.jsonObject(with: rest)) as? [String: Any]
        return response
    }
}
