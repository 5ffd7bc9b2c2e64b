import ArchLabelCore

/// A failed request as kube-apiserver answers it: an HTTP code and a `Status` object with the
/// reason, message and details the real server writes for the same failure.
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    /// The `details` object; kube-apiserver sends `{}` for most failures without details, and
    /// omits the member (nil here) for a few, such as an expired watch.
    var details: [String: JSONValue]? = [:]
    /// Sent as the `Retry-After` header and `details.retryAfterSeconds`.
    var retryAfterSeconds: Int?

    /// One `details.causes` entry.
    struct Cause: Sendable, Equatable {
        var reason: String
        var message: String
        var field: String

        var json: JSONValue { .object(["reason": .string(reason), "message": .string(message), "field": .string(field)]) }
    }

    /// The `Status` document.
    var status: JSONValue {
        var details = details
        if let retryAfterSeconds { details?["retryAfterSeconds"] = .number(retryAfterSeconds) }
        var members: [String: JSONValue] = [
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]), "status": .string("Failure"),
            "message": .string(message), "code": .number(code),
        ]
        if let details { members["details"] = .object(details) }
        if !reason.isEmpty { members["reason"] = .string(reason) }
        return .object(members)
    }

    static func named(_ name: String, kind: String = "nodes") -> [String: JSONValue] {
        ["name": .string(name), "kind": .string(kind)]
    }

    // MARK: the failures the server produces itself

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func notFound(node name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "nodes \"\(name)\" not found", details: named(name))
    }

    static let pathNotFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    static func conflict(node name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on nodes \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: named(name))
    }

    /// RBAC's denial: `nodes "pi4" is forbidden: User "x" cannot patch resource "nodes" …`.
    static func forbidden(user: String, verb: String, node name: String?) -> APIError {
        let subject = name.map { "nodes \"\($0)\"" } ?? "nodes"
        return APIError(
            code: 403, reason: "Forbidden",
            message: "\(subject) is forbidden: User \"\(user)\" cannot \(verb) resource \"nodes\" in API group \"\" at the cluster scope",
            details: name.map { named($0) } ?? ["kind": .string("nodes")])
    }

    /// RBAC's denial of a non-resource URL such as `/api`.
    static func forbidden(user: String, path: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "forbidden: User \"\(user)\" cannot get path \"\(path)\"")
    }

    /// An admission plugin's denial (NodeRestriction): `nodes "pi4" is forbidden: REASON`.
    static func admissionDenied(node name: String, _ reason: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "nodes \"\(name)\" is forbidden: \(reason)", details: named(name))
    }

    /// Validation failures: `Node "pi4" is invalid: …` with one cause per failed rule.
    static func invalid(node name: String, _ causes: [Cause]) -> APIError {
        let rendered = causes.map { "\($0.field): \($0.message)" }
        let summary = rendered.count == 1 ? rendered[0] : "[" + rendered.joined(separator: ", ") + "]"
        var details = named(name, kind: "Node")
        details["causes"] = .array(causes.map(\.json))
        return APIError(code: 422, reason: "Invalid", message: "Node \"\(name)\" is invalid: \(summary)", details: details)
    }

    /// A JSON patch whose operation could not be applied (also a failed `test`).
    static let patchNotApplied = APIError(
        code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")

    /// A watch from a resourceVersion older than the oldest one kept (`oldest`), as the watch
    /// cache words it; sent as a watch's ERROR event, without details.
    static func expired(resourceVersion: Int, oldest: Int) -> APIError {
        APIError(
            code: 410, reason: "Expired", message: "too old resource version: \(resourceVersion) (\(oldest))", details: nil)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static let methodNotAllowed = APIError(
        code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")

    static var unsupportedMediaType: APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + PatchKind.allCases.map(\.rawValue).joined(separator: ", "))
    }

    static func tooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    /// An injected failure: `code` with the reason kube-apiserver uses for it.
    static func injected(code: Int, message: String, retryAfterSeconds: Int?) -> APIError {
        let reasons = [
            400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
            409: "Conflict", 410: "Expired", 413: "RequestEntityTooLarge", 415: "UnsupportedMediaType", 422: "Invalid",
            429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout",
        ]
        return APIError(code: code, reason: reasons[code] ?? "", message: message, retryAfterSeconds: retryAfterSeconds)
    }
}
