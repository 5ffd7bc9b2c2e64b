/// One request as the server saw it, recorded once it was answered (or dropped); a watch is
/// recorded (200) as its stream starts.
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    /// The path without the query, percent-encoding as sent.
    public var path: String
    /// The raw query string without `?`, empty when there is none.
    public var query: String
    /// Request header names lower-cased; repeated headers joined with `, `.
    public var headers: [String: String]
    public var contentType: String?
    /// The body as UTF-8 text (lossy), empty when there is none.
    public var body: String
    /// The authenticated user; `system:anonymous` without credentials, nil when authentication
    /// failed (a bad token) or the request never reached it.
    public var user: String?
    /// The serial number (upper-case hex) of the client certificate the TLS connection presented.
    public var clientCertificateSerial: String?
    /// Numbers the TCP connections in accept order, starting at 1: equal ids mean keep-alive reuse.
    public var connectionID: Int
    /// The status code answered, nil when the connection was dropped instead.
    public var status: Int?

    /// Whether this is PATCH, PUT, POST or DELETE.
    public var isWrite: Bool { ["PATCH", "PUT", "POST", "DELETE"].contains(method) }

    /// The value of query parameter `name` (percent-decoded), nil when absent.
    public func queryValue(_ name: String) -> String? {
        QueryString(query).value(name)
    }
}

/// `a=1&b=x%3Dy` split into decoded parameters.
struct QueryString {
    let parameters: [(name: String, value: String)]

    init(_ query: String) {
        parameters = query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    func value(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    static func decode(_ text: Substring) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = Character(Unicode.Scalar(input[index + 1])).hexDigitValue,
                let low = Character(Unicode.Scalar(input[index + 2])).hexDigitValue
            {
                bytes.append(UInt8(high << 4 | low))
                index += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
