import JingzhunIO
import JingzhunRuns
import Testing

let validPipeline = """
    name: t
    inbox: in
    output: out
    reference: ref
    pseudonym_key:
      file: k.key
    settings:
      max_rejected_household_pct: 7.5
    """

@Test func relativePathsResolveAgainstThePipelineFolder() throws {
    let c = try PipelineConfig.parse(validPipeline, file: "/etc/jz/p.yaml")
    #expect(c.inbox == "/etc/jz/in")
    #expect(c.output == "/etc/jz/out")
    #expect(c.key == .file("/etc/jz/k.key", isSample: false))
    #expect(c.settings.maxRejectedHouseholdPct == 7.5)
}

@Test(arguments: [
    (
        "name: t\ninbox: in\noutput: o\nreference: r\npseudonym_key:\n  file: k\nsetings:\n  x: 1\n",
        "unknown key 'setings'", 7
    ),
    (
        """
        name: t\ninbox: in\noutput: o\nreference: r\npseudonym_key:\n  file: k\nsettings:\n  \
        max_rejected_household_pct: lots\n
        """,
        "'settings.max_rejected_household_pct' must be a number", 8
    ),
    (
        """
        name: t\ninbox: in\noutput: o\nreference: r\npseudonym_key:\n  file: k\nsettings:\n  \
        max_rejected_household_pct: 150\n
        """,
        "between 0 and 100", 8
    ),
    ("name: t\noutput: o\nreference: r\npseudonym_key:\n  file: k\n", "missing required key 'inbox'", 1),
    (
        "name: t\ninbox: in\noutput: o\nreference: r\npseudonym_key:\n  file: k\n  env: X\n",
        "exactly one of 'file' or 'env'", 6
    ),
])
func badPipelineFilesNameTheKeyAndLine(_ text: String, _ expected: String, _ line: Int) {
    #expect {
        try PipelineConfig.parse(text, file: "/p/bad.yaml")
    } throws: { error in
        guard let e = error as? RunError else { return false }
        return e.code == .pipelineFile && e.message.contains(expected) && e.message.contains("bad.yaml (line \(line))")
    }
}

@Test func invalidYAMLIsAPipelineFileError() {
    #expect(throws: RunError.self) { try PipelineConfig.parse("name: [unclosed\n", file: "/p/x.yaml") }
}

@Test func environmentKeyMustBeLongEnough() throws {
    var c = try PipelineConfig.parse(validPipeline, file: "/p/x.yaml")
    c.key = .environment("K")
    #expect(throws: RunError.self) { try c.loadKey(environment: ["K": "short"]) }
    #expect(try c.loadKey(environment: ["K": "0123456789abcdefXYZ"]) == Array("0123456789abcdefXYZ".utf8))
}

@Test func jsonRoundTripKeepsFieldOrder() throws {
    let v = JSONValue.object([("z", .int(1)), ("a", .array([.string("x\"\n"), .null, .bool(true), .double(0.5)]))])
    let text = v.render(pretty: true)
    var parser = JSONParser(text)
    #expect(try parser.parse() == v)
    #expect(v.render() == #"{"z":1,"a":["x\"\n",null,true,0.5]}"#)
}

@Test func wallTimeFormatsAsRFC3339() {
    #expect(WallTime(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
    #expect(WallTime(milliseconds: 1_764_385_445_123).iso8601 == "2025-11-29T03:04:05.123Z")
    #expect(WallTime(milliseconds: 1_764_385_445_123).compact == "20251129T030405Z")
}
