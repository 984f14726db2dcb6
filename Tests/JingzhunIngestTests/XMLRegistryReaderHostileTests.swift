import Foundation
import JingzhunCore
import JingzhunIngest
import Testing

/// Expected rule (the file name's prefix) and location of each file in `Fixtures/hostile/xml/`.
///
/// Lines were read off the files by hand; a DOCTYPE is reported where the parser stands when
/// it has read the declaration's name (and external identifier), before the internal subset.
private let hostileExpectations: [String: (line: Int, detail: String)] = [
    "F007-bad-attribute.xml": (3, "AttValue"),
    "F007-nul-byte.xml": (4, "Char 0x0"),
    "F007-unclosed-tag.xml": (5, "mismatch"),
    "F007-undeclared-prefix.xml": (3, "Namespace prefix j"),
    "F008-billion-laughs.xml": (2, "DOCTYPE"),
    "F008-doctype-internal-subset.xml": (2, "DOCTYPE"),
    "F008-xxe-external-subset.xml": (2, "DOCTYPE"),
    "F008-xxe.xml": (2, "DOCTYPE"),
    "F009-attribute-size.xml": (4, "attribute name on <village> longer than 4096 bytes"),
    "F009-depth.xml": (4, "deeper than 16"),
    "F009-measure-text.xml": (5, "<measure> text longer than 256 bytes"),
    "F010-income-twice.xml": (6, "second <income>"),
    "F010-member-outside-household.xml": (5, "<member> is not allowed inside <village>"),
    "F010-wrong-namespace.xml": (2, "urn:jingzhun:registry:0"),
    "F010-wrong-root.xml": (3, "'submission'"),
    "F015-invalid-utf8.xml": (4, "UTF-8"),
]

private let hostileDirectory = "hostile/xml"

@Suite struct XMLRegistryReaderHostileTests {
    @Test func everyHostileFileHasAnExpectation() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: XMLTestInput.fixturesDirectory.appendingPathComponent(hostileDirectory).path)
        #expect(Set(names) == Set(hostileExpectations.keys))
    }

    @Test(arguments: hostileExpectations.keys.sorted())
    func hostileFileIsRejectedWithItsRuleAndLine(name: String) throws {
        let bytes = try XMLTestInput.fixture("\(hostileDirectory)/\(name)")
        let expected = try #require(hostileExpectations[name])
        let sink = XMLTestInput.read(bytes)
        let rule = String(name.prefix(4))
        #expect(sink.problems.count == 1, "\(sink.lines)")
        let problem = try #require(sink.problems.first)
        #expect(problem.rule.rawValue == rule, "\(problem)")
        #expect(problem.location.file == XMLTestInput.file)
        #expect(problem.location.line == expected.line, "\(problem)")
        #expect(problem.message.contains(expected.detail), "\(problem.message)")
        // The problem is the last event: reading stops there.
        #expect(sink.lines.last?.hasPrefix(rule + "@") == true)

        // Same rejection whatever the chunk boundaries.
        let byteByByte = XMLTestInput.read(bytes, splitAt: Array(0..<bytes.count))
        #expect(byteByByte.lines == sink.lines)
        var generator = SplitMix64(seed: 0x5EED_0001)
        for round in 0..<5 {
            let splits = (0..<8).map { _ in Int.random(in: 0...bytes.count, using: &generator) }
            #expect(XMLTestInput.read(bytes, splitAt: splits).lines == sink.lines, "round \(round), splits \(splits)")
        }
    }

    @Test(arguments: [
        "F008-xxe.xml", "F008-xxe-external-subset.xml", "F008-billion-laughs.xml", "F008-doctype-internal-subset.xml",
    ])
    func doctypeStopsBeforeAnythingIsDeclaredLoadedOrExpanded(name: String) throws {
        let sink = XMLTestInput.read(try XMLTestInput.fixture("\(hostileDirectory)/\(name)"))
        // The DOCTYPE precedes the root: nothing at all is read.
        #expect(sink.roots.isEmpty && sink.records.isEmpty && sink.warnings.isEmpty)
        #expect(sink.problems.map(\.rule) == [.xmlDoctype])
        #expect(!sink.lines.joined().contains("root:"), "no byte of /etc/passwd may appear")
        #expect(!sink.lines.joined().contains("lollol"))
    }

    @Test func doctypeAfterACommentAndEntityReferenceInContentAreStillRefused() {
        // Without a DOCTYPE an entity reference is undeclared: not well-formed, not expanded.
        let undeclared = XMLTestInput.read(#"<registry xmlns="urn:jingzhun:registry:1" province="&lol9;"/>"#)
        #expect(undeclared.problems.map(\.rule) == [.xmlNotWellFormed])
        #expect(undeclared.roots.isEmpty)
        let late = XMLTestInput.read(
            "<!-- c -->\n<?pi x?>\n<!DOCTYPE registry>\n<registry xmlns=\"urn:jingzhun:registry:1\"/>")
        #expect(late.problems.map { "\($0.rule.rawValue)@\($0.location.line)" } == ["F008@3"])
    }
}
