import Testing
@testable import ArchLabelYAML

/// The YAML layer: tree shape, YAML's scalar meanings, and errors that point at line and column.
@Suite struct YAMLParserTests {
    private func parse(_ text: String) throws -> YAMLValue {
        guard let root = try YAMLParser.parse(Array(text.utf8), file: "test.yaml") else {
            throw YAMLError(file: "test.yaml", mark: nil, message: "empty")
        }
        return YAMLValue(root: root, file: "test.yaml")
    }

    @Test func blockAndFlowStylesGiveTheSameTree() throws {
        let block = try parse("""
            # a kubeconfig-like document
            clusters:
              - name: default
                cluster:
                  server: "https://127.0.0.1:6443"
                  insecure-skip-tls-verify: true
            """)
        let flow = try parse(#"{"clusters": [{"name": "default", "cluster": {"server": "https://127.0.0.1:6443", "insecure-skip-tls-verify": true}}]}"#)
        for document in [block, flow] {
            let cluster = try document.mapping().require("clusters").list()[0].mapping().require("cluster").mapping()
            #expect(try cluster.require("server").string() == "https://127.0.0.1:6443")
            #expect(try cluster.require("insecure-skip-tls-verify").bool() == true)
            #expect(try cluster.require("server").keyPath == "clusters[0].cluster.server")
        }
    }

    @Test(arguments: [
        ("a: true", true), ("a: False", false), ("a: TRUE", true),
    ])
    func booleans(text: String, expected: Bool) throws {
        #expect(try parse(text).mapping().require("a").bool() == expected)
    }

    @Test(arguments: [#"a: "true""#, "a: yes", "a: 1", "a: [true]"])
    func notBooleans(text: String) throws {
        #expect(throws: YAMLError.self) { try parse(text).mapping().require("a").bool() }
    }

    @Test func nullMeansAbsent() throws {
        let map = try parse("a: null\nb: ~\nc:\nd: 'null'").mapping()
        #expect(map["a"] == nil && map["b"] == nil && map["c"] == nil)
        #expect(try map["d"]?.string() == "null")
        #expect(try map.require("d").string() == "null")
    }

    @Test func plainNumbersReadAsStrings() throws {
        #expect(try parse("port: 6443").mapping().require("port").string() == "6443")
    }

    @Test func blockScalarsKeepTheirText() throws {
        let value = try parse("data: |\n  line one\n  line two\n").mapping().require("data").string()
        #expect(value == "line one\nline two\n")
    }

    @Test func emptyDocumentIsNil() throws {
        #expect(try YAMLParser.parse(Array("# only a comment\n".utf8), file: "x") == nil)
        #expect(try YAMLParser.parse([], file: "x") == nil)
    }

    /// Each rejected document with the line and column the error must name.
    @Test(arguments: [
        ("a: 1\na: 2\n", 2, 1, "duplicate key"),
        ("a: &x 1\nb: *x\n", 1, 4, "anchors"),
        ("a: [1, 2\n", 2, 1, "flow sequence"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "mapping"),
        ("---\na: 1\n---\nb: 2\n", 3, 1, "more than one YAML document"),
        ("? [a, b]\n: 1\n", 1, 3, "mapping key"),
        ("a: \"\\q\"\n", 1, 5, "escape"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
    ])
    func errorsAreLocated(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try YAMLParser.parse(Array(text.utf8), file: "bad.yaml")
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect(error.mark == YAMLMark(line: line, column: column), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line):\(column): "), "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func typeErrorsNameTheKeyPath() throws {
        let document = try parse("users:\n  - name: x\n    user:\n      token: [a]\n")
        do {
            _ = try document.mapping().require("users").list()[0].mapping().require("user").mapping().require("token").string()
            Issue.record("expected a type error")
        } catch {
            #expect(error.description == "test.yaml:4:14: users[0].user.token: expected a string, found a list")
        }
    }

    @Test func unknownKeysAreRejectedWhereAsked() throws {
        let map = try parse("interval: 10m\nintervall: 5m\n").mapping()
        do {
            try map.rejectUnknownKeys(["interval"])
            Issue.record("expected an unknown-key error")
        } catch {
            #expect(error.description == "test.yaml:2:1: intervall: unknown key; expected one of interval")
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: YAMLError.self) { try YAMLParser.parse(Array(deep.utf8), file: "x") }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try YAMLParser.parse(Array(fine.utf8), file: "x") }
    }

    @Test(arguments: [[0xFF, 0xFE, 0x00], [0x61, 0x3A, 0x20, 0xC3, 0x28], [0x00]] as [[UInt8]])
    func invalidBytesAreErrorsNotCrashes(bytes: [UInt8]) {
        #expect(throws: YAMLError.self) { try YAMLParser.parse(bytes, file: "x") }
    }
}
