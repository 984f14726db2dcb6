import Foundation
import JingzhunCore
import JingzhunIngest
import Testing

/// Records of `Fixtures/xml/valid-small.xml`, worked out by hand from the file: fields in
/// document order, parent code first, `measures` last on households; locations are the `<` of
/// each start tag (multi-line start tags report their first line).
private let validSmallExpected = [
    "root@3:1 province=52 year=2019 revision=2",
    "county@4:3 county_code=520122 rural_population=185000 rural_income=10234.50",
    "village@5:5 county_code=520122 village_code=520122100201 name=王家村 poor_village=true population=1204 "
        + "road=true water=true electricity=true broadband=false clinic=true",
    "household@7:7 village_code=520122100201 household_id=GZ-0001 registered_year=2015 category=general "
        + "cause=illness status=exited exit_year=2018 housing_grade=B safe_water=true food_clothing_secured=true "
        + "income_wage=12000 income_operating=-350.5 income_property=0 income_transfer=2400.25 operating_cost=800 "
        + "measures=health;industry",
    "member@12:9 name=王&芳 household_id=GZ-0001 member_id=11010519491231002X relation=head sex=F "
        + "birth_date=1949-12-31 education=primary schooling=not_in_school health=chronic_illness labor=weak "
        + "medical_insured=true serious_illness_insured=true pension_insured=true",
    "member@15:9 name=李明 household_id=GZ-0001 member_id=520122198001010011 relation=child sex=M "
        + "birth_date=1980-01-01 education=junior_secondary schooling=not_in_school health=healthy labor=ordinary "
        + "medical_insured=true serious_illness_insured=false pension_insured=true",
    "village@20:5 county_code=520122 village_code=520122100202 name=Li家庄 poor_village=false population=88 "
        + "road=true water=false electricity=true broadband=true clinic=false",
    "household@21:7 village_code=520122100202 household_id=GZ-0002 registered_year=2016 "
        + "category=low_income_guarantee cause=lack_of_labor status=poor housing_grade=C safe_water=false "
        + "food_clothing_secured=true income_wage=0 income_operating=0 income_property=0 income_transfer=5000 "
        + "operating_cost=0 measures=",
    "member@21:255 name=张兰 household_id=GZ-0002 member_id=52012219500505002X relation=head sex=F "
        + "birth_date=1950-05-05 education=illiterate schooling=not_in_school health=disabled labor=lost "
        + "medical_insured=true serious_illness_insured=true pension_insured=true",
]

/// A household in a minimal document, for the shorter cases below.
private func document(
    _ inner: String,
    root: String = #"<registry xmlns="urn:jingzhun:registry:1" province="52" year="2019" revision="1">"#
) -> String {
    """
    <?xml version="1.0"?>
    \(root)
    <county code="520122" rural-population="1" rural-income="1">
    <village code="520122100201" name="A">
    \(inner)
    </village>
    </county>
    </registry>
    """
}

@Suite struct XMLRegistryReaderTests {
    @Test func validDocumentGivesExactRecordsInDocumentOrder() throws {
        let sink = XMLTestInput.read(try XMLTestInput.fixture("xml/valid-small.xml"))
        #expect(sink.lines == validSmallExpected)
        #expect(sink.roots == [RegistryRoot(province: "52", year: "2019", revision: "2")])
        #expect(sink.problems.isEmpty && sink.warnings.isEmpty)
        // Values are raw bytes: the UTF-8 of 王家村, not some re-encoding.
        #expect(sink.records[1].value("name") == Array("王家村".utf8))
        #expect(sink.records[1].location.file == XMLTestInput.file)
    }

    @Test func prefixedNamespaceReadsTheSameAsTheDefaultNamespace() throws {
        let text = String(decoding: try XMLTestInput.fixture("xml/valid-small.xml"), as: UTF8.self)
        let prefixed =
            text
            .replacingOccurrences(of: #"xmlns="urn:jingzhun:registry:1""#, with: #"xmlns:jz="urn:jingzhun:registry:1""#)
            .replacingOccurrences(of: "</", with: "</jz:")
            .replacingOccurrences(of: #"<([a-z])"#, with: "<jz:$1", options: .regularExpression)
        #expect(prefixed.contains("<jz:member ") && prefixed.contains("</jz:household>"))
        let sink = XMLTestInput.read(prefixed)
        // `<jz:` shifts the columns of later tags on the one-line household; compare without them.
        let strip = { (line: String) in
            line.replacingOccurrences(of: #"^(\w+@\d+):\d+"#, with: "$1", options: .regularExpression)
        }
        #expect(sink.lines.map(strip) == validSmallExpected.map(strip))
    }

    @Test func namespaceDeclaredDeeperAndMixedPrefixesAreMatchedByURI() {
        let text = """
            <r:registry xmlns:r="urn:jingzhun:registry:1" province="52" year="2019" revision="1">
            <county xmlns="urn:jingzhun:registry:1" code="520122" rural-population="1" rural-income="1"/>
            </r:registry>
            """
        let sink = XMLTestInput.read(text)
        #expect(
            sink.lines == [
                "root@1:1 province=52 year=2019 revision=1",
                "county@2:1 county_code=520122 rural_population=1 rural_income=1",
            ])
    }

    @Test(arguments: [
        (#"<registry xmlns="urn:jingzhun:registry:2" province="52" year="2019" revision="1"/>"#, "F010@1:1"),
        (#"<registry province="52" year="2019" revision="1"/>"#, "F010@1:1"),
        ("\n  <submission xmlns=\"urn:jingzhun:registry:1\"/>", "F010@2:3"),
    ])
    func wrongRootElementOrNamespaceIsRejected(text: String, expected: String) {
        let sink = XMLTestInput.read(text)
        #expect(sink.problems.count == 1)
        #expect(sink.lines.first?.hasPrefix(expected + " ") == true, "\(sink.lines)")
        #expect(sink.records.isEmpty && sink.roots.isEmpty)
    }

    @Test func unknownElementsAttributesAndTextAreWarnedAndIgnored() {
        let text = document(
            """
            <household id="H1" colour="red" xmlns:x="urn:other" x:status="poor">
            <x:note><member id="ignored"/></x:note>
            <remark>not in the contract</remark>
            <member id="M1" nickname="n"/>
            stray text
            </household>
            """)
        let sink = XMLTestInput.read(text)
        #expect(sink.problems.isEmpty)
        #expect(sink.warnings.allSatisfy { $0.rule == .unknownXMLNode })
        #expect(
            sink.warnings.map { XMLTestSink.position($0.location) + " " + $0.message } == [
                "5:1 unknown attribute 'colour' (no namespace) on <household> ignored",
                "5:1 unknown attribute 'status' (namespace 'urn:other') on <household> ignored",
                "6:1 unknown element 'note' (namespace 'urn:other') inside <household> ignored with its content",
                "7:1 unknown element 'remark' (namespace 'urn:jingzhun:registry:1') inside <household> ignored with "
                    + "its content",
                "8:1 unknown attribute 'nickname' (no namespace) on <member> ignored",
                "5:1 text content inside <household> ignored",
            ])
        // The member inside the unknown element is skipped with it; the household keeps its fields.
        #expect(sink.records.map(\.kind) == [.county, .village, .household, .member])
        #expect(sink.records[2].value("status") == nil)
        #expect(sink.records[3].value("member_id") == Array("M1".utf8))
    }

    @Test func warningsBeyondTheLimitAreCountedNotListed() {
        let text = document(#"<household a="1" b="2" c="3" d="4" e="5"/>"#)
        let sink = XMLTestInput.read(text, options: .init(maxWarnings: 2))
        #expect(sink.warnings.count == 3)
        #expect(sink.warnings.last?.message.hasPrefix("3 further unknown XML elements or attributes") == true)
        #expect(sink.warnings.last?.location.line == 0)
    }

    @Test func measureTextsAreKeptRawAndChildOrderDoesNotMatter() {
        let text = document(
            """
            <household id="H1"><member id="M1"/><measure> health</measure><measure>a&amp;b&#x3B;</measure>\
            <measure/><income wage="1"/><member id="M2"/></household>
            """)
        let sink = XMLTestInput.read(text)
        #expect(sink.problems.isEmpty)
        #expect(sink.records.map(\.kind) == [.county, .village, .household, .member, .member])
        #expect(sink.records[2].value("measures") == Array(" health;a&b;;".utf8))
        #expect(sink.records[2].value("income_wage") == Array("1".utf8))
        #expect(sink.records[4].value("household_id") == Array("H1".utf8))
    }

    @Test func attributeValuesAreDecodedAndNormalisedAsXMLPrescribes() {
        let text = document(#"<household id="&lt;&amp;&#38;&gt;&quot;&apos;&#x6751;" category="a&#9;b"/>"#)
        let sink = XMLTestInput.read(text)
        #expect(sink.records[2].value("household_id") == Array("<&&>\"'村".utf8))
        // A character reference to a tab survives normalisation; a literal tab would not.
        #expect(sink.records[2].value("category") == Array("a\tb".utf8))
    }

    @Test func missingParentCodesLeaveTheFieldAbsent() {
        let text = """
            <registry xmlns="urn:jingzhun:registry:1"><county><village><household><member \
            id="M"/></household></village></county></registry>
            """
        let sink = XMLTestInput.read(text)
        #expect(sink.problems.isEmpty)
        #expect(sink.records.map { $0.fields.map(\.name) } == [[], [], ["measures"], ["member_id"]])
        #expect(sink.roots == [RegistryRoot(province: nil, year: nil, revision: nil)])
    }

    @Test func gb18030DocumentIsDecodedToUTF8() {
        // Hand-encoded, checked with `iconv -f UTF-8 -t GB18030`: 王家村 = CD F5 BC D2 B4 E5 (two-byte),
        // ÿ = 81 30 8B 37 and 𠀀 (U+20000) = 95 32 82 36 (four-byte sequences).
        var bytes = Array(#"<?xml version="1.0" encoding="GB18030"?>"#.utf8) + [0x0A]
        bytes += Array(
            #"<registry xmlns="urn:jingzhun:registry:1"><county code="520122"><village code="520122100201" name=""#.utf8
        )
        bytes += [0xCD, 0xF5, 0xBC, 0xD2, 0xB4, 0xE5, 0x81, 0x30, 0x8B, 0x37, 0x95, 0x32, 0x82, 0x36]
        bytes += Array(#""/></county></registry>"#.utf8)
        for splits in [[], Array(1..<bytes.count)] {
            let sink = XMLTestInput.read(bytes, splitAt: splits)
            #expect(sink.problems.isEmpty, "\(sink.lines)")
            #expect(sink.records.last?.value("name") == Array("王家村ÿ𠀀".utf8))
            #expect(sink.records.last.map { XMLTestSink.position($0.location) } == "2:65")
        }
    }

    @Test func bytesInvalidInTheDeclaredEncodingAreF015() {
        // 0xFF never starts a GB18030 character.
        var bytes = Array(
            #"<?xml version="1.0" encoding="GB18030"?><registry xmlns="urn:jingzhun:registry:1" province=""#.utf8)
        bytes += [0xB4, 0xFF, 0x22, 0x2F, 0x3E]
        let sink = XMLTestInput.read(bytes)
        #expect(sink.problems.map(\.rule) == [.invalidEncoding], "\(sink.lines)")
    }

    /// libxml2 converts pushed bytes ahead of the parser and reports a failed conversion at the
    /// parser's position (line 1, after the declaration); the reader places it on the line of
    /// the bytes libxml2 names, however the input is split (found by fuzzing).
    @Test func unconvertibleBytesAreReportedOnTheirLine() {
        var bytes = Array(#"<?xml version="1.0" encoding="GB18030"?>"#.utf8) + [0x0A]
        bytes +=
            Array(#"<registry xmlns="urn:jingzhun:registry:1" province="52" year="2019" revision="2">"#.utf8) + [0x0A]
        for index in 0..<20 {
            bytes +=
                Array(#"  <county code="5201\#(10 + index)" rural-population="1" rural-income="1"/>"#.utf8) + [0x0A]
        }
        // Line 23: a village name with 0x81 0x30 0xFF 0x30 (0x81 0x30 must be followed by 0x81-0xFE).
        bytes += Array(#"  <county code="520199"><village code="520199100201" name=""#.utf8)
        bytes += [0xCD, 0xF5, 0x81, 0x30, 0xFF, 0x30] + Array(#""/></county>"#.utf8) + [0x0A]
        bytes += Array("</registry>".utf8) + [0x0A]
        for splits in [[], Array(stride(from: 1, to: bytes.count, by: 7)), Array(1..<bytes.count)] {
            let sink = XMLTestInput.read(bytes, splitAt: splits)
            #expect(sink.problems.map { "\($0.rule.rawValue)@\($0.location.line)" } == ["F015@23"], "\(sink.lines)")
        }
    }

    @Test func measuresPerHouseholdAreBounded() {
        let measures = String(repeating: "<measure>health</measure>", count: 5)
        let text = document(#"<household id="H1">\#(measures)</household>"#)
        #expect(XMLTestInput.read(text, options: .init(maxMeasuresPerHousehold: 5)).problems.isEmpty)
        let bounded = XMLTestInput.read(text, options: .init(maxMeasuresPerHousehold: 4))
        #expect(bounded.problems.map(\.rule) == [.xmlLimit])
        #expect(bounded.problems.first?.message.contains("more than 4 <measure>") == true)
        let members = String(repeating: #"<member id="x"/>"#, count: 3)
        let household = document(#"<household id="H1">\#(members)</household>"#)
        #expect(XMLTestInput.read(household, options: .init(maxMembersPerHousehold: 3)).problems.isEmpty)
        #expect(
            XMLTestInput.read(household, options: .init(maxMembersPerHousehold: 2)).problems.map(\.rule) == [.xmlLimit])
    }

    @Test func limitsAreConfigurable() {
        let text = document(#"<household id="H1"><measure>health</measure></household>"#)
        #expect(XMLTestInput.read(text, options: .init(maxDepth: 5)).problems.isEmpty)
        let shallow = XMLTestInput.read(text, options: .init(maxDepth: 4))
        #expect(shallow.problems.map { "\($0.rule.rawValue)@\($0.location.line)" } == ["F009@5"])
        // The limit holds for every attribute, the root's first (`province="52"` on line 2).
        let short = XMLTestInput.read(text, options: .init(maxAttributeBytes: 1))
        #expect(short.problems.map { "\($0.rule.rawValue)@\($0.location.line)" } == ["F009@2"])
        #expect(XMLTestInput.read(text, options: .init(maxMeasureTextBytes: 6)).problems.isEmpty)
        let terse = XMLTestInput.read(text, options: .init(maxMeasureTextBytes: 5))
        #expect(terse.problems.map { "\($0.rule.rawValue)@\($0.location.line)" } == ["F009@5"])
        // Exactly the limit is allowed: `520122100201` is 12 bytes.
        #expect(XMLTestInput.read(text, options: .init(maxAttributeBytes: 12)).problems.isEmpty)
    }

    @Test func truncatedDocumentIsRejectedAtFinish() {
        let text = document("<household id=\"H1\">")
        let cut = String(text.prefix(text.count - 20))
        let sink = XMLTestInput.read(cut)
        #expect(sink.problems.map(\.rule) == [.xmlNotWellFormed])
        // No half household: it is emitted only at its end tag.
        #expect(!sink.records.contains { $0.kind == .household })
    }

    @Test func emptyInputIsNotWellFormed() {
        let sink = XMLTestInput.read([UInt8]())
        #expect(sink.problems.map(\.rule) == [.xmlNotWellFormed])
    }

    @Test func readingStopsAtTheFirstProblem() {
        let reader = XMLRegistryReader(file: XMLTestInput.file)
        var sink = XMLTestSink()
        Array("<registry xmlns='urn:jingzhun:registry:1'><member/>".utf8).withUnsafeBytes {
            reader.consume($0, into: &sink)
        }
        #expect(reader.isRejected)
        Array("<county code='520122'/></registry>".utf8).withUnsafeBytes { reader.consume($0, into: &sink) }
        reader.finish(into: &sink)
        #expect(sink.problems.map(\.rule) == [.xmlRoot])
        #expect(sink.records.isEmpty)
    }
}
