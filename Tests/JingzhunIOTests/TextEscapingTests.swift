import JingzhunIO
import Testing

/// The one escaper per output language (issue 14): the string and byte forms agree, and each
/// language escapes what it must and nothing else.
@Suite struct TextEscapingTests {
    @Test(arguments: ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "é,ü"])
    func csvStringAndBytesAgree(cell: String) {
        var bytes: [UInt8] = []
        TextEscaping.appendCSVQuoted(cell, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == TextEscaping.csvQuoted(cell))
    }

    @Test func eachLanguageEscapesItsSpecials() {
        #expect(TextEscaping.html("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
        #expect(TextEscaping.html("no specials") == "no specials")
        #expect(TextEscaping.xml("a\u{1}<b>") == "a\u{FFFD}&lt;b&gt;")
        #expect(TextEscaping.markdown("# a|b_c\nd") == "\\# a\\|b\\_c d")
        #expect(TextEscaping.csvText("=SUM(A1)") == "'=SUM(A1)")
        #expect(TextEscaping.csvQuoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(TextEscaping.json("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
        var attribute: [UInt8] = []
        TextEscaping.appendXMLAttribute("a&b\"\n", to: &attribute)
        #expect(String(decoding: attribute, as: UTF8.self) == "a&amp;b&quot;&#10;")
        var text: [UInt8] = []
        TextEscaping.appendXMLText("x \"q\" <", to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "x \"q\" &lt;")
    }
}
