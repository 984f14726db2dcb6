import Foundation
import JingzhunIO
import JingzhunReports
import Testing

/// Submitted text (village names in messages, household numbers, file names) is escaped for
/// each format: HTML by Mustache, Markdown and CSV by `TextEscaping`.
@Suite struct EscapingTests {
    static func render(_ format: ReportFormat) throws -> String {
        let bytes = try ReportRenderer().render(
            report: .dataQuality, year: 2020, area: nil, format: format, data: Fixture.data,
            templates: Fixture.templates())
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func html() throws {
        let html = try Self.render(.html)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>.xml"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("52-2020-r1,&lt;b&gt;.xml:100"))
        // The quote of the formula is escaped; HTML needs no formula neutralisation.
        #expect(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"))
    }

    @Test func markdown() throws {
        let md = try Self.render(.md)
        #expect(!md.contains("<script>"))
        #expect(md.contains("\\<script\\>alert(1)\\</script\\> \\| \\*村\\* \\_x\\_ \\[a\\](b)"))
        // The row holding the hostile message keeps exactly 5 column separators (4 cells).
        let row = try #require(md.split(separator: "\n").first { $0.contains("alert(1)") })
        let unescapedPipes = row.enumerated().filter { offset, character in
            character == "|" && (offset == 0 || row[row.index(row.startIndex, offsetBy: offset - 1)] != "\\")
        }
        #expect(unescapedPipes.count == 5, "\(row)")
    }

    @Test func csv() throws {
        let csv = try Self.render(.csv)
        let rows = CSVReader.parse(csv)
        #expect(rows.allSatisfy { $0.count == 8 }, "every record has the 8 columns of the header")
        let hostile = try #require(rows.first { $0.count == 8 && $0[7].contains("alert(1)") })
        #expect(hostile[5] == "'=HYPERLINK(\"http://x\",\"y\")", "formula neutralised, quotes kept")
        #expect(hostile[6] == "52-2020-r1,<b>.xml:100", "comma in the file name is quoted, not split")
        #expect(hostile[7] == Fixture.hostileMessage)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
    }

    @Test(
        arguments: [
            ("=cmd()", "'=cmd()"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
            ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("line\nbreak", "line break"),
            ("贵州", "贵州"),
            ("=a,b", "\"'=a,b\""),
        ] as [(String, String)])
    func csvCells(input: String, expected: String) {
        #expect(TextEscaping.csvText(input) == expected)
    }

    @Test(
        arguments: [
            ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("_x_", "\\_x\\_"), ("`x`", "\\`x\\`"), ("[a](b)", "\\[a\\](b)"),
            ("<b>", "\\<b\\>"), ("# title", "\\# title"), ("a # b", "a # b"), ("C:\\x", "C:\\\\x"), ("a\nb", "a b"),
            ("贵州省", "贵州省"),
        ] as [(String, String)])
    func markdownText(input: String, expected: String) {
        #expect(TextEscaping.markdown(input) == expected)
    }

    @Test func xmlText() {
        #expect(TextEscaping.xml("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}")
    }

    /// Numbers formatted by us are not neutralised: a negative gap stays a number in CSV.
    @Test func negativeNumbersInCSVAreNumbers() throws {
        let bytes = try ReportRenderer().render(
            report: .national, year: 2020, area: nil, format: .csv, data: Fixture.data, templates: Fixture.templates())
        let rows = CSVReader.parse(String(decoding: bytes, as: UTF8.self))
        let header = try #require(rows.first)
        let gap = try #require(header.firstIndex(of: "income_growth_gap_pp"))
        let hubei = try #require(rows.first { $0[1] == "42" })
        #expect(hubei[gap] == "-1.4")  // 5.5 − 6.9
    }
}

/// A small RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF).
enum CSVReader {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters = characters.dropFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" && characters.first == "\n" {
                characters = characters.dropFirst()
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
