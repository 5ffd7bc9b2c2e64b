/// A tar archive built in memory: ustar headers (POSIX.1-1988), with a pax extended header
/// (POSIX.1-2001) before any entry whose path or link target does not fit ustar's fields. Every
/// entry is owned by root (0/0) and stamped with one time.
struct TarArchive {
    private(set) var bytes: [UInt8] = []
    let time: Int

    init(time: Int) { self.time = time }

    mutating func append(_ entry: CaptureTree.Entry) {
        var name = String(entry.path.drop { $0 == "/" })
        switch entry {
        case .directory:
            name += "/"
            appendHeader(name: name, linkTarget: "", size: 0, type: "5", mode: 0o755)
        case .link(_, let target):
            appendHeader(name: name, linkTarget: target, size: 0, type: "2", mode: 0o777)
        case .file(_, let content):
            appendHeader(name: name, linkTarget: "", size: content.count, type: "0", mode: 0o644)
            bytes += content
            pad()
        }
    }

    /// The archive, ended by two zero blocks.
    func finished() -> [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

    private mutating func appendHeader(name: String, linkTarget: String, size: Int, type: Character, mode: Int) {
        let split = Self.ustarSplit(name)
        var records = ""
        if split == nil { records += Self.paxRecord("path", name) }
        if linkTarget.utf8.count > 100 { records += Self.paxRecord("linkpath", linkTarget) }
        if !records.isEmpty {
            let data = Array(records.utf8)
            appendBlock(name: "PaxHeaders/" + String(name.suffix(80)), prefix: "", linkTarget: "", size: data.count, type: "x", mode: 0o644)
            bytes += data
            pad()
        }
        let (prefix, shortName) = split ?? ("", String(name.suffix(99)))
        appendBlock(name: shortName, prefix: prefix, linkTarget: String(linkTarget.prefix(100)), size: size, type: type, mode: mode)
    }

    private mutating func appendBlock(name: String, prefix: String, linkTarget: String, size: Int, type: Character, mode: Int) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits, at: offset, length: length - 1)
        }
        put(name, at: 0, length: 100)
        octal(mode, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(time, at: 136, length: 12)
        put(String(type), at: 156, length: 1)
        put(linkTarget, at: 157, length: 100)
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        put("root", at: 265, length: 32)
        put("root", at: 297, length: 32)
        put(prefix, at: 345, length: 155)
        // The checksum is computed with its own field as eight spaces.
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, length: 7)
        header[154] = 0
        header[155] = 0x20
        bytes += header
    }

    private mutating func pad() {
        let remainder = bytes.count % 512
        if remainder != 0 { bytes += [UInt8](repeating: 0, count: 512 - remainder) }
    }

    /// ustar's (prefix, name) for `path`, nil when it does not fit (name ≤ 100 bytes, prefix ≤ 155,
    /// split at a slash).
    static func ustarSplit(_ path: String) -> (String, String)? {
        let utf8 = Array(path.utf8)
        if utf8.count <= 100 { return ("", path) }
        for index in utf8.indices.reversed() where utf8[index] == UInt8(ascii: "/") && index <= 155 {
            let name = utf8.count - index - 1
            if name > 0 && name <= 100 {
                return (String(decoding: utf8[..<index], as: UTF8.self), String(decoding: utf8[(index + 1)...], as: UTF8.self))
            }
        }
        return nil
    }

    /// One pax record: "LENGTH key=value\n", where LENGTH counts the whole record, itself included.
    static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }
}
