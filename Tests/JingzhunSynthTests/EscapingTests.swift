import JingzhunIO
import Testing

@testable import JingzhunSynth

@Suite struct EscapingTests {
    /// A buffer over a file in memory (nothing here needs the disk).
    private func buffer() throws -> TextBuffer {
        let fileSystem = InMemoryFileSystem()
        try fileSystem.createDirectories("/out")
        return TextBuffer(
            file: try OutputFile(directory: "/out", name: "scratch.txt", gzip: false, fileSystem: fileSystem))
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("", ""), ("李家村", "李家村"),
    ])
    func csvFieldsAreQuotedOnlyWhenNeeded(input: String, expected: String) throws {
        var out = try buffer()
        out.appendCSVField(input)
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
    }

    @Test func xmlAttributeAndTextEscaping() throws {
        var out = try buffer()
        out.appendXMLAttribute("a&b<c>\"d\"")
        #expect(String(decoding: out.bytes, as: UTF8.self) == "a&amp;b&lt;c&gt;&quot;d&quot;")
        var text = try buffer()
        text.appendXMLText("x & y < z \"q\"")
        #expect(String(decoding: text.bytes, as: UTF8.self) == "x &amp; y &lt; z \"q\"")
    }

    @Test(arguments: [
        (Int64(0), "0.00"), (5, "0.05"), (-5, "-0.05"), (123_456, "1234.56"), (-100, "-1.00"), (10, "0.10"),
    ])
    func decimalsHaveTwoFractionDigits(cents: Int64, expected: String) {
        #expect(decimalText(cents: cents) == expected)
    }
}
