import Foundation
import JingzhunCore
import Testing

@testable import JingzhunIngest

/// The hand-written scanner against libxml2's reader (issue 20, item 2): on every document it
/// reads, it must deliver exactly the events libxml2's path delivers (records with their fields
/// and locations, warnings, the root), whatever the chunk boundaries; on every document libxml2's
/// path rejects, and on anything outside its subset, it must give up (the ingestor then reads the
/// file again with libxml2).
@Suite struct XMLRegistryFastReaderTests {
    // MARK: Harness

    struct FastResult {
        var sink: XMLTestSink
        var gaveUp: String?
    }

    /// Reads with the scanner in pieces of `chunk` bytes (0: one piece), or at `splits`.
    static func fast(
        _ bytes: [UInt8], chunk: Int = 0, splits: [Int]? = nil, options: XMLRegistryReader.Options = .default
    ) -> FastResult {
        let reader = XMLRegistryFastReader(file: XMLTestInput.file, options: options)
        var sink = XMLTestSink()
        var cuts: [Int]
        if let splits {
            cuts = splits.sorted()
        } else if chunk > 0 {
            cuts = Array(stride(from: chunk, to: bytes.count, by: chunk))
        } else {
            cuts = []
        }
        cuts.append(bytes.count)
        var start = 0
        bytes.withUnsafeBytes { buffer in
            for end in cuts where end >= start {
                reader.consume(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), into: &sink)
                start = end
            }
        }
        reader.finish(into: &sink)
        return FastResult(sink: sink, gaveUp: reader.hasGivenUp ? reader.giveUpReason : nil)
    }

    static let chunkSizes = [0, 1, 2, 3, 7, 4096]

    /// The scanner reads `bytes` (no giving up) and delivers libxml2's events, at every chunk size.
    static func expectReadAlike(
        _ bytes: [UInt8], options: XMLRegistryReader.Options = .default, chunkSizes: [Int] = chunkSizes,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let reference = XMLTestInput.read(bytes, options: options)
        #expect(reference.problems.isEmpty, "libxml2 rejects the test document: \(reference.lines)")
        for chunk in chunkSizes {
            let result = fast(bytes, chunk: chunk, options: options)
            #expect(
                result.gaveUp == nil, "chunk \(chunk): gave up: \(result.gaveUp ?? "")", sourceLocation: sourceLocation)
            #expect(result.sink.lines == reference.lines, "chunk \(chunk)", sourceLocation: sourceLocation)
        }
    }

    /// The scanner gives up on `bytes`, at every chunk size.
    static func expectGivesUp(
        _ bytes: [UInt8], chunkSizes: [Int] = chunkSizes, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for chunk in chunkSizes {
            let result = fast(bytes, chunk: chunk)
            #expect(result.gaveUp != nil, "chunk \(chunk): read \(result.sink.lines)", sourceLocation: sourceLocation)
        }
    }

    /// The safety property: whatever libxml2's path rejects, the scanner gives up on; whatever the
    /// scanner reads, it reads as libxml2's path does. Returns whether the scanner read it.
    @discardableResult
    static func expectSafe(
        _ bytes: [UInt8], splits: [Int]? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool {
        let reference = XMLTestInput.read(bytes)
        let result = fast(bytes, splits: splits)
        if !reference.problems.isEmpty {
            #expect(
                result.gaveUp != nil, "libxml2 rejects \(reference.problems) but the scanner read it",
                sourceLocation: sourceLocation)
            return false
        }
        guard result.gaveUp == nil else { return false }
        #expect(result.sink.lines == reference.lines, sourceLocation: sourceLocation)
        return true
    }

    static func document(_ body: String, declaration: String = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n")
        -> [UInt8]
    {
        Array((declaration + body).utf8)
    }

    static let member =
        #"<member id="11010519491231002X" name="王芳" relation="head" sex="F" birth="1949-12-31" "#
        + #"education="primary" schooling="not_in_school" health="chronic_illness" labor="weak" "#
        + #"medical-insured="true" serious-illness-insured="true" pension-insured="true"/>"#
    static let income =
        #"<income wage="12000" operating="-350.5" property="0" transfer="2400.25" operating-cost="800"/>"#
    static let household =
        #"<household id="GZ-0001" registered="2015" category="general" cause="illness" status="exited" "#
        + #"exit-year="2018" housing-grade="B" safe-water="true" food-clothing="true">"#

    /// A registry with one county and village around `content` (households).
    static func registry(_ content: String) -> [UInt8] {
        document(
            """
            <registry xmlns="urn:jingzhun:registry:1" province="52" year="2019" revision="2">
              <county code="520122" rural-population="185000" rural-income="10234.50">
                <village code="520122100201" name="王家村" poor-village="true" population="1204" road="true" \
            water="true" electricity="true" broadband="false" clinic="true">
            \(content)
                </village>
              </county>
            </registry>

            """)
    }

    /// valid-small.xml without its CDATA section (which makes the scanner give up).
    static func validSmall() throws -> [UInt8] {
        let text = String(decoding: try XMLTestInput.fixture("xml/valid-small.xml"), as: UTF8.self)
        return Array(text.replacingOccurrences(of: "<![CDATA[industry]]>", with: "industry").utf8)
    }

    // MARK: Documents the scanner reads like libxml2

    @Test func validSmallFixture() throws {
        Self.expectReadAlike(try Self.validSmall())
        // With its CDATA section it gives up, and libxml2 reads it.
        Self.expectGivesUp(try XMLTestInput.fixture("xml/valid-small.xml"))
    }

    @Test func referencesInAttributesAndText() {
        Self.expectReadAlike(
            Self.registry(
                Self.household.replacingOccurrences(of: #"id="GZ-0001""#, with: #"id="GZ&#45;0001""#)
                    + "<measure>&#x68;ealth</measure><measure> a &amp; b &lt;c&gt; &#20013; </measure>"
                    + Self.income
                    + Self.member.replacingOccurrences(
                        of: #"name="王芳""#,
                        with: #"name="A&amp;B &lt;x&gt; &quot;q&quot; &apos;s&apos; &#x4E2D;&#20013;&#x1F600;""#)
                    + "</household>"))
    }

    @Test func crlfLineEnds() throws {
        let text = String(decoding: try Self.validSmall(), as: UTF8.self)
        Self.expectReadAlike(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        // CRLF inside attribute values (one space each) and in measure text (LF).
        Self.expectReadAlike(
            Self.registry(
                Self.household + "<measure>hea\r\nlth</measure>\r\n" + Self.income
                    + Self.member.replacingOccurrences(of: #"name="王芳""#, with: "name=\"王\r\n芳\"")
                    + "</household>"))
    }

    @Test func whitespaceInsideValuesAndTags() {
        Self.expectReadAlike(
            Self.registry(
                Self.household + Self.income
                    + Self.member.replacingOccurrences(of: #"name="王芳""#, with: "name=\"王\t芳\n x\"")
                    .replacingOccurrences(of: " sex=", with: "\n\t sex =\n '").replacingOccurrences(
                        of: #"'"F" birth"#, with: "'F' birth")
                    + "</household>"))
    }

    /// The start tag's usual case (` name="` of the expected attribute, matched at once) and every
    /// form next to it that must take the general path read alike.
    @Test func attributesWrittenTheUsualWayAndNearlySo() {
        let table = FastVocabulary.shared.spacedTables[RegistryElement.member.rawValue]
        func match(_ text: String, _ index: Int) -> Int? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { table.startMatch(index, $0.baseAddress!, bytes.count, 0) }
        }
        #expect(match(#" id="1""#, 0) == 5)
        #expect(match(#" id=""#, 0) == 5)
        #expect(match(#" id="#, 0) == nil)  // cut before the quote: the general path waits for more
        #expect(match(#" id='1'"#, 0) == nil)
        #expect(match(#" id ="1""#, 0) == nil)
        #expect(match(#"  id="1""#, 0) == nil)
        #expect(match(#" idx="1""#, 0) == nil)
        #expect(match(#" name="1""#, 0) == nil)  // not the expected attribute
        #expect(match(#" name="1""#, 1) == 7)
        for variant in [
            Self.member.replacingOccurrences(of: #" sex="F""#, with: #" sex='F'"#),
            Self.member.replacingOccurrences(of: #" sex="F""#, with: "\n  sex=\"F\""),
            Self.member.replacingOccurrences(of: #" sex="F""#, with: #"  sex = "F""#),
            Self.member.replacingOccurrences(of: #" name="#, with: #" nickname="x" name="#),
        ] {
            #expect(variant != Self.member)
            Self.expectReadAlike(Self.registry(Self.household + Self.income + variant + "</household>"))
        }
        // A repeated attribute after the usual one: libxml2 rejects it, the scanner gives up.
        let repeated = Self.member.replacingOccurrences(of: #" sex="F""#, with: #" sex="F" sex="M""#)
        #expect(repeated != Self.member)
        Self.expectGivesUp(Self.registry(Self.household + Self.income + repeated + "</household>"))
    }

    @Test func attributesInAnyOrderAndOpenCloseElements() {
        let reversed =
            #"<member pension-insured="true" serious-illness-insured="true" medical-insured="true" labor="weak" "#
            + #"health="chronic_illness" schooling="not_in_school" education="primary" birth="1949-12-31" sex="F" "#
            + #"relation="head" name="王芳" id="11010519491231002X"></member>"#
        Self.expectReadAlike(
            Self.registry(
                #"<household food-clothing="true" safe-water="true" housing-grade="B" exit-year="2018" "#
                    + #"status="exited" cause="illness" category="general" registered="2015" id="GZ-0001">"#
                    + reversed + Self.income.replacingOccurrences(of: "/>", with: "></income>")
                    + "<measure>health</measure></household>"))
    }

    @Test func commentsAndWhitespaceBetweenElements() {
        Self.expectReadAlike(
            Self.document(
                "<!-- before -->\n\n  <registry xmlns=\"urn:jingzhun:registry:1\" province=\"52\" year=\"2019\" "
                    + "revision=\"2\"><!-- a - b -->\n"
                    + "<county code=\"520122\" rural-population=\"1\" rural-income=\"1\"\n/>"
                    + "</registry>\n<!-- after -->\n  \n",
                declaration: "<?xml version='1.0' standalone='yes' ?>"))
        Self.expectReadAlike(
            Self.registry(
                Self.household + "<measure>he<!-- x -->alth</measure>  <!-- c -->\n" + Self.income + Self.member
                    + "<measure/></household>"))
        // No declaration at all.
        Self.expectReadAlike(
            Self.document(
                #"<registry xmlns="urn:jingzhun:registry:1" province="52" year="2019" revision="2"/>"#,
                declaration: ""))
    }

    @Test func unknownElementsAttributesAndTextAreWarnedAbout() {
        Self.expectReadAlike(
            Self.registry(
                Self.household.replacingOccurrences(of: "status=", with: #"colour="red" x.y="1" status="#)
                    + "stray text &amp; more <extra a=\"1\"><member id=\"x\"/>text<inner/></extra>" + Self.income
                    + Self.member.replacingOccurrences(of: "sex=", with: #"nickname="小王" sex="#)
                    + "<measure unit=\"m\">health</measure></household>"
                    + "<household id=\"GZ-2\">&#32;\n</household>"))
        // Past the warning limit only a count is reported at the end.
        var options = XMLRegistryReader.Options.default
        options.maxWarnings = 2
        Self.expectReadAlike(
            Self.registry(
                Self.household.replacingOccurrences(of: "status=", with: #"a="1" b="2" c="3" d="4" status="#)
                    + Self.income + Self.member + "</household>"), options: options)
    }

    @Test func columnsCountCharactersOnLongLines() throws {
        // Minified: the whole document on one line, with multi-byte characters before later tags.
        let text = String(decoding: try Self.validSmall(), as: UTF8.self)
        let minified = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        Self.expectReadAlike(Array(minified.utf8))
        var long = ""
        for index in 0..<300 {
            long +=
                Self.household.replacingOccurrences(of: "GZ-0001", with: "GZ-\(index)") + Self.income
                + Self.member.replacingOccurrences(of: "11010519491231002X", with: "ID\(index)") + "</household>"
        }
        Self.expectReadAlike(Self.registry(long), chunkSizes: [0, 7, 4096, 65_539])
    }

    @Test func largeDocumentAcrossChunkBoundaries() {
        var content = ""
        for index in 0..<400 {
            content +=
                "      " + Self.household.replacingOccurrences(of: "GZ-0001", with: "GZ-\(index)") + "\n        "
                + Self.income + "\n        <measure>health</measure>\n        " + Self.member + "\n      </household>\n"
        }
        let bytes = Self.registry(content)
        #expect(bytes.count > 200_000)
        Self.expectReadAlike(bytes, chunkSizes: [0, 3, 4096, 65_536, 1 << 20])
        var generator = SplitMix64(seed: 0xFA57_0001)
        for _ in 0..<5 {
            let splits = (0..<40).map { _ in generator.below(bytes.count + 1) }
            #expect(Self.expectSafe(bytes, splits: splits), "splits \(splits)")
        }
    }

    // MARK: What the scanner gives up on

    @Test(arguments: [
        "\u{FEFF}<registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<?xml version=\"1.1\"?><registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<?xml version=\"1.0\" encoding=\"GB18030\"?><registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<!DOCTYPE registry><registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<?pi x?><registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"><?pi x?></registry>",
        "<r:registry xmlns:r=\"urn:jingzhun:registry:1\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" xmlns:x=\"urn:x\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" xml:lang=\"zh\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"&nbsp;\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"&#0;\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"a\rb\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"a\u{7F}\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\">]]&gt;</registry>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"><村/></registry>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"1\" province=\"2\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"><county></village></registry>",
        "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"1\"year=\"2\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"/><registry xmlns=\"urn:jingzhun:registry:1\"/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"/>text",
        "<registry xmlns=\"urn:jingzhun:registry:2\"/>",
        "<registry/>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"><county><![CDATA[x]]></county></registry>",
        "<registry xmlns=\"urn:jingzhun:registry:1\"><!-- a -- b --></registry>",
        "",
        "   ",
    ])
    func outsideTheSubset(text: String) {
        Self.expectGivesUp(Array(text.utf8))
    }

    @Test func invalidBytes() {
        let prefix = Array("<registry xmlns=\"urn:jingzhun:registry:1\" province=\"".utf8)
        let suffix = Array("\"/>".utf8)
        for bad: [UInt8] in [
            [0xFF], [0xC0, 0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBE], [0x00], [0x01],
        ] {
            Self.expectGivesUp(prefix + bad + suffix)
        }
    }

    @Test func everyHostileFixtureMakesItGiveUp() throws {
        let directory = XMLTestInput.fixturesDirectory.appendingPathComponent("hostile/xml")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            #expect(!XMLTestInput.read(bytes).problems.isEmpty, "\(name)")
            for chunk in Self.chunkSizes {
                #expect(Self.fast(bytes, chunk: chunk).gaveUp != nil, "\(name), chunk \(chunk)")
            }
        }
    }

    @Test func limitsOfTheOptionsMakeItGiveUp() {
        var options = XMLRegistryReader.Options.default
        options.maxAttributeBytes = 8
        let long = Self.registry(Self.household + Self.income + Self.member + "</household>")
        #expect(Self.fast(long, options: options).gaveUp != nil)
        options = .default
        options.maxDepth = 4
        #expect(Self.fast(long, options: options).gaveUp != nil)
        options = .default
        options.maxMeasureTextBytes = 3
        let measure = Self.registry(
            Self.household + "<measure>health</measure>" + Self.income + Self.member + "</household>")
        #expect(Self.fast(measure, options: options).gaveUp != nil)
    }

    @Test func truncatedAtEveryByte() throws {
        let bytes = try Self.validSmall()
        let end = try #require(String(decoding: bytes, as: UTF8.self).range(of: "</registry>"))
        let closed = String(decoding: bytes, as: UTF8.self).utf8.distance(
            from: String(decoding: bytes, as: UTF8.self).startIndex, to: end.upperBound)
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[..<cut])
            let read = Self.expectSafe(prefix)
            if cut < closed { #expect(!read, "read a document cut at byte \(cut)") }
        }
    }

    /// Random single-byte changes, insertions and deletions of a valid document: the scanner either
    /// gives up or reads exactly what libxml2's path reads, and never reads what libxml2 rejects.
    @Test func mutatedDocumentsAreReadAlikeOrGivenUp() throws {
        let original = try Self.validSmall()
        let interesting = Array("<>&\"'/=! -?]x:;#\r\n\t".utf8) + [0x00, 0x80, 0xC3, 0xE4, 0xFF, 0x7F]
        var generator = SplitMix64(seed: 0xFA57_0002)
        var readCount = 0
        for round in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + generator.below(2)) {
                let position = generator.below(bytes.count)
                let byte = interesting[generator.below(interesting.count)]
                switch generator.below(3) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            let splits = (0..<3).map { _ in generator.below(bytes.count + 1) }
            if Self.expectSafe(bytes, splits: splits) { readCount += 1 }
            if round % 1000 == 999 { _ = readCount }
        }
        // Most mutations break the document; enough are still read to exercise equality.
        #expect(readCount > 100, "\(readCount)")
    }
}
