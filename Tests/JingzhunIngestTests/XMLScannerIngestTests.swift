import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// The ingestor with the scanner (`XMLReaderChoice.scanner`, the default) against libxml2 alone:
/// every batch identical, whether the scanner's result is kept or the file is read again with
/// libxml2 (issue 20, item 2).
@Suite struct XMLScannerIngestTests {
    static func household(_ id: String, _ members: [String], extra: String = "", status: String = "poor") -> String {
        """
              <household id="\(id)" registered="2015" category="general" cause="illness" status="\(status)" \
        housing-grade="B" safe-water="true" food-clothing="true"\(extra)>
                <income wage="5000" operating="-100.5" property="0" transfer="2000.25" operating-cost="300"/>
                <measure>health</measure><measure>education</measure>
        \(members.joined(separator: "\n"))
              </household>
        """
    }

    static func member(
        _ id: String, relation: String = "head", sex: String = "M", birth: String, medical: String = "true"
    ) -> String {
        """
                <member id="\(id)" name="张三" relation="\(relation)" sex="\(sex)" birth="\(birth)" \
        education="primary" schooling="not_in_school" health="healthy" labor="ordinary" medical-insured="\(medical)" \
        serious-illness-insured="true" pension-insured="false"/>
        """
    }

    /// A registry with households that pass and households that fail in several ways.
    static func registry(root: String = #"province="52" year="2019" revision="1""#, households: [String]? = nil)
        -> String
    {
        let id1 = Fixtures.identity(birth: "19800101", sequence: 11)
        let id2 = Fixtures.identity(birth: "19700303", sequence: 13)
        let id3 = Fixtures.identity(birth: "19900505", sequence: 22)
        let all =
            households ?? [
                household(
                    "H1",
                    [member(id1, birth: "1980-01-01"), member(id3, relation: "spouse", sex: "F", birth: "1990-05-05")]),
                household("H2", [member(id2, birth: "1970-03-03", medical: "1")], status: "exited"),
                household("H3", [member(id1, birth: "1980-01-01")], extra: #" colour="red""#),
                household("H1", []),
                household("H4", [member(id3, relation: "child", sex: "F", birth: "1990-05-06")]),
            ]
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <registry xmlns="urn:jingzhun:registry:1" \(root)>
              <county code="520102" rural-population="100000" rural-income="12000.50">
                <village code="520102001001" name="王家村" poor-village="true" population="800" road="true" \
            water="true" electricity="true" broadband="false" clinic="true">
            \(all.joined(separator: "\n"))
                </village>
              </county>
            </registry>

            """
    }

    /// Ingests the one submission in an inbox holding `bytes` as `name`, with each reader.
    static func ingestBoth(
        _ name: String, _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> (scanner: SubmissionBatch, libxml2: SubmissionBatch, scannerKept: Bool) {
        let inbox = try TemporaryInbox()
        try inbox.write(name, bytes)
        let discovered = try SubmissionDiscovery.discover(inbox: inbox.path).submissions[0]
        var options = IngestOptions(pseudonymizer: Fixtures.pseudonymizer, maxRejectedHouseholdPct: 100)
        options.xmlReader = .scanner
        let scanner = Ingestor.ingest(discovered, options: options)
        let kept =
            discovered.problem == nil
            && Ingestor.ingestXMLWithScanner(discovered, file: discovered.files[0], options: options) != nil
        options.xmlReader = .libxml2
        let libxml2 = Ingestor.ingest(discovered, options: options)
        expectSame(scanner, libxml2, sourceLocation: sourceLocation)
        return (scanner, libxml2, kept)
    }

    static func expectSame(_ a: SubmissionBatch, _ b: SubmissionBatch, sourceLocation: Testing.SourceLocation) {
        #expect(a.key == b.key && a.format == b.format && a.files == b.files, sourceLocation: sourceLocation)
        #expect(a.contentHash == b.contentHash, sourceLocation: sourceLocation)
        #expect(a.outcome == b.outcome, sourceLocation: sourceLocation)
        #expect(a.reason == b.reason, sourceLocation: sourceLocation)
        #expect(a.counts == b.counts, sourceLocation: sourceLocation)
        #expect(a.rejections == b.rejections, sourceLocation: sourceLocation)
        #expect(a.warnings == b.warnings, sourceLocation: sourceLocation)
        #expect(a.counties == b.counties, sourceLocation: sourceLocation)
        #expect(a.villages == b.villages, sourceLocation: sourceLocation)
        #expect(a.households == b.households, sourceLocation: sourceLocation)
        #expect(a.members == b.members, sourceLocation: sourceLocation)
    }

    @Test func recordDefectsAndWarningsPlainAndGzip() throws {
        let bytes = Array(Self.registry().utf8)
        let plain = try Self.ingestBoth("52-2019-r1.registry.xml", bytes)
        #expect(plain.scannerKept)
        #expect(plain.scanner.outcome == .applied)
        #expect(!plain.scanner.rejections.isEmpty && !plain.scanner.warnings.isEmpty)
        #expect(plain.scanner.households.count == 1, "\(plain.scanner.rejections.map(\.message))")
        let gzip = try Self.ingestBoth("52-2019-r1.registry.xml.gz", GzipDeflater.gzip(bytes))
        #expect(gzip.scannerKept)
        #expect(gzip.scanner.rejections.map(\.message) == plain.scanner.rejections.map(\.message))
    }

    @Test func tooManyRejectedHouseholdsKeepsTheScannersBatch() throws {
        let inbox = try TemporaryInbox()
        try inbox.write("52-2019-r1.registry.xml", Array(Self.registry().utf8))
        let discovered = try SubmissionDiscovery.discover(inbox: inbox.path).submissions[0]
        var options = IngestOptions(pseudonymizer: Fixtures.pseudonymizer, maxRejectedHouseholdPct: 5)
        options.xmlReader = .scanner
        let scanner = Ingestor.ingest(discovered, options: options)
        options.xmlReader = .libxml2
        let libxml2 = Ingestor.ingest(discovered, options: options)
        #expect(scanner.reason?.rule == .tooManyRejectedHouseholds)
        Self.expectSame(scanner, libxml2, sourceLocation: #_sourceLocation)
    }

    /// Documents the scanner gives up on, or that are rejected whole: read again with libxml2.
    @Test(arguments: [
        ("cdata", "<measure>health</measure>", "<measure><![CDATA[health]]></measure>", "applied"),
        ("doctype", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE registry>", "rejected"),
        ("root", #"revision="1""#, #"revision="2""#, "rejected"),
        ("mismatch", "</village>", "</villag>", "rejected"),
        ("gb18030", "encoding=\"UTF-8\"", "encoding=\"GB18030\"", ""),
    ])
    func fallsBackToLibxml2(change: (name: String, from: String, to: String, outcome: String)) throws {
        let text = Self.registry()
        let range = try #require(text.range(of: change.from))
        let changed = text.replacingCharacters(in: range, with: change.to)
        let result = try Self.ingestBoth("52-2019-r1.registry.xml", Array(changed.utf8))
        #expect(!result.scannerKept, "\(change.name)")
        if !change.outcome.isEmpty {
            #expect(
                result.libxml2.outcome.rawValue == change.outcome,
                "\(change.name): \(String(describing: result.libxml2.reason))")
        }
    }

    @Test func truncatedFilesFallBack() throws {
        let bytes = Array(Self.registry().utf8)
        for cut in [40, bytes.count / 2, bytes.count - 20] {
            let result = try Self.ingestBoth("52-2019-r1.registry.xml", Array(bytes[..<cut]))
            #expect(!result.scannerKept)
            #expect(result.libxml2.reason?.rule == .xmlNotWellFormed)
        }
        // A gzip stream cut short: rejected for the gzip (the same with both readers).
        let gzip = GzipDeflater.gzip(bytes)
        let cut = try Self.ingestBoth("52-2019-r1.registry.xml.gz", Array(gzip[..<(gzip.count - 30)]))
        #expect(!cut.scannerKept)
        #expect(cut.libxml2.outcome == .incomplete)
    }

    @Test func theChoiceComesFromTheEnvironment() {
        #expect(XMLReaderChoice(rawValue: "libxml2") == .libxml2)
        #expect(XMLReaderChoice(rawValue: "scanner") == .scanner)
        setenv("JINGZHUN_XML_READER", "libxml2", 1)
        #expect(XMLReaderChoice.fromEnvironment == .libxml2)
        setenv("JINGZHUN_XML_READER", "anything", 1)
        #expect(XMLReaderChoice.fromEnvironment == .scanner)
        unsetenv("JINGZHUN_XML_READER")
        #expect(XMLReaderChoice.fromEnvironment == .scanner)
    }
}
