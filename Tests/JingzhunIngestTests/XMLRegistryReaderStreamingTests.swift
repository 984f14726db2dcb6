import Foundation
import JingzhunCore
import JingzhunIngest
import Testing

/// A formatted document of `households` households (two members each), ten per village and
/// ten villages per county, with one line per start tag. Deterministic.
func generatedRegistryDocument(households: Int) -> [UInt8] {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    text += "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"52\" year=\"2019\" revision=\"1\">\n"
    for index in 0..<households {
        let villageIndex = index / 10
        let county = String(format: "52%04d", villageIndex / 10)
        let village = county + String(format: "%06d", villageIndex)
        if index % 100 == 0 {
            text += "  <county code=\"\(county)\" rural-population=\"185000\" rural-income=\"10234.50\">\n"
        }
        if index % 10 == 0 {
            text +=
                "    <village code=\"\(village)\" name=\"王家村\" poor-village=\"true\" population=\"1204\" road=\"true\" "
                + "water=\"true\" electricity=\"true\" broadband=\"false\" clinic=\"true\">\n"
        }
        text +=
            "      <household id=\"H\(index)\" registered=\"2015\" category=\"general\" cause=\"illness\" "
            + "status=\"poor\" "
            + "housing-grade=\"B\" safe-water=\"true\" food-clothing=\"true\">\n"
        text +=
            "        <income wage=\"12000\" operating=\"-350.5\" property=\"0\" transfer=\"2400.25\" "
            + "operating-cost=\"800\"/>\n"
        text += "        <measure>health</measure>\n        <measure>industry</measure>\n"
        for member in 0..<2 {
            text +=
                "        <member id=\"52012219800101\(String(format: "%04d", member))\" name=\"李明\" "
                + "relation=\"\(member == 0 ? "head" : "child")\" "
                + "sex=\"M\" birth=\"1980-01-01\" education=\"primary\" schooling=\"not_in_school\" health=\"healthy\" "
                + "labor=\"ordinary\" medical-insured=\"true\" serious-illness-insured=\"true\" "
                + "pension-insured=\"true\"/>\n"
        }
        text += "      </household>\n"
        if index % 10 == 9 || index == households - 1 { text += "    </village>\n" }
        if index % 100 == 99 || index == households - 1 { text += "  </county>\n" }
    }
    text += "</registry>\n"
    return Array(text.utf8)
}

@Suite struct XMLRegistryReaderStreamingTests {
    @Test func sameRecordsWholeByteByByteAndAtRandomSplits() throws {
        let bytes = try XMLTestInput.fixture("xml/valid-small.xml")
        let whole = XMLTestInput.read(bytes)
        #expect(whole.records.count == 8)
        #expect(XMLTestInput.read(bytes, splitAt: Array(0..<bytes.count)).lines == whole.lines)
        let seed: UInt64 = 0x0123_4567_89AB_CDEF
        var generator = SplitMix64(seed: seed)
        for round in 0..<50 {
            let splits = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                Int.random(in: 0...bytes.count, using: &generator)
            }
            #expect(
                XMLTestInput.read(bytes, splitAt: splits).lines == whole.lines,
                "seed \(seed) round \(round) splits \(splits)")
        }
    }

    @Test func documentWithWarningsIsChunkingInvariantToo() {
        let text = """
            <registry xmlns="urn:jingzhun:registry:1" xmlns:o="urn:other" o:x="1"><county code="520122" extra="y">
            <o:note>skip <member/></o:note> text <village code="520122100201"><household id="H"><measure>a</measure>
            <member id="M"/></household></village></county></registry>
            """
        let bytes = Array(text.utf8)
        let whole = XMLTestInput.read(bytes)
        #expect(whole.warnings.count == 4)
        #expect(XMLTestInput.read(bytes, splitAt: Array(0..<bytes.count)).lines == whole.lines)
    }

    @Test func documentAboveTenMegabytesStreamsWithExactLines() {
        let households = 13_000
        let bytes = generatedRegistryDocument(households: households)
        #expect(bytes.count > 10 * 1024 * 1024)
        // Feed in 1 MB pieces, as an inflater would, and once in 7-byte pieces for a region.
        let splits = stride(from: 0, to: bytes.count, by: 1 << 20).map { $0 }
        let sink = XMLTestInput.read(bytes, splitAt: splits)
        #expect(sink.problems.isEmpty, "\(sink.problems)")
        #expect(sink.records.filter { $0.kind == .household }.count == households)
        #expect(sink.records.filter { $0.kind == .member }.count == 2 * households)
        #expect(sink.records.filter { $0.kind == .county }.count == 130)
        // Lines beyond 65535 are exact: the last member's start tag is 5 lines above the end
        // (`</household>`, `</village>`, `</county>`, `</registry>`, and the final newline).
        let lineCount = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        #expect(lineCount > 65_535)
        #expect(sink.records.last?.location.line == lineCount - 4)
        #expect(sink.records.last?.location.column == 9)
        let household = sink.records.last { $0.kind == .household }
        #expect(household?.value("measures") == Array("health;industry".utf8))
        #expect(household?.value("household_id") == Array("H\(households - 1)".utf8))
    }

    /// Minified XML — the whole document on one line — gets exact columns (in characters, not
    /// bytes) for every record, in time linear in the document: each start tag is located from
    /// the previous one, not by scanning back to the line's start (which made a 100 KB line take
    /// a second and a 10 MB one hours; found by fuzzing).
    @Test func documentOnOneLineHasExactColumnsInLinearTime() {
        var text = "<registry xmlns=\"urn:jingzhun:registry:1\" province=\"52\" year=\"2019\" revision=\"2\">"
        var characters = text.count  // kept alongside: `String.count` is O(n)
        var expectedColumns: [Int] = []
        let counties = 20_000  // ≈ 1.6 MB: many of libxml2's buffer shrinks, and of our 64 KB slices
        for index in 0..<counties {
            // A comment of CJK characters (3 bytes, 1 character each) between counties.
            if index % 3 == 0 {
                text += "<!--贵州省-->"
                characters += 10
            }
            expectedColumns.append(characters + 1)
            let county =
                "<county code=\"52\(String(format: "%04d", index % 10_000))\" rural-population=\"1\" "
                + "rural-income=\"1\"></county>"
            text += county
            characters += county.count
        }
        text += "</registry>"
        let bytes = Array(text.utf8)
        #expect(!bytes.contains(0x0A))
        let sink = XMLTestInput.read(bytes, splitAt: stride(from: 0, to: bytes.count, by: 1 << 20).map { $0 })
        #expect(sink.problems.isEmpty, "\(sink.problems)")
        #expect(sink.records.count == counties)
        #expect(sink.records.map(\.location.line) == Array(repeating: 1, count: counties))
        #expect(sink.records.map { $0.location.column ?? -1 } == expectedColumns)
    }
}
