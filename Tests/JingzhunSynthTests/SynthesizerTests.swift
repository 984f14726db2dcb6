import CLibXML2
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunSynth

@Suite(.enabled(if: TestReference.isAvailable, "needs pipelines/reference"))
struct SynthesizerTests {
    static let provinces: [Int32] = [45, 52, 53, 62]

    /// SHA-256 of every file under `directory` (truth folder included), by relative name.
    private func hashes(_ directory: String) -> [String: String] {
        var result: [String: String] = [:]
        for name in listDirectory(directory) {
            if !isDirectory(directory + "/" + name), let bytes = readBytes(directory + "/" + name) {
                result[name] = SHA256Hasher.hex(of: bytes)
            } else {
                for inner in listDirectory(directory + "/" + name) {
                    result[name + "/" + inner] = readBytes(directory + "/" + name + "/" + inner).map(
                        SHA256Hasher.hex(of:))
                }
            }
        }
        return result
    }

    @Test func sameSeedGivesSameBytesDifferentSeedDifferentBytes() throws {
        let first = try generate(
            provinces: Self.provinces, years: [2018, 2019], households: 300, seed: 7, format: .mixed, defectRate: 0.02,
            checksums: true)
        let second = try generate(
            provinces: Self.provinces, years: [2018, 2019], households: 300, seed: 7, format: .mixed, defectRate: 0.02,
            checksums: true)
        let other = try generate(
            provinces: Self.provinces, years: [2018, 2019], households: 300, seed: 8, format: .mixed, defectRate: 0.02,
            checksums: true)
        defer { [first.directory, second.directory, other.directory].forEach(removeTree) }
        let a = hashes(first.directory)
        let b = hashes(second.directory)
        let c = hashes(other.directory)
        #expect(a.count > 30)
        #expect(a == b)
        #expect(first.summary.submissions == second.summary.submissions)
        for (name, hash) in a where !name.hasSuffix(".sha256") && !name.hasPrefix("truth/") {
            #expect(c[name] != nil && c[name] != hash, "\(name) should differ under another seed")
        }
    }

    @Test func filesAreNamedPerContractWithMatchingSidecars() throws {
        let run = try generate(
            provinces: Self.provinces, years: [2019], households: 120, format: .mixed, checksums: true)
        defer { removeTree(run.directory) }
        var expected = [
            "45-2019-r1.registry.xml", "53-2019-r1.registry.xml.gz",
        ]
        for p in [52, 62] {
            for part in ["counties", "villages", "households", "members"] {
                expected.append("\(p)-2019-r1.\(part).csv.gz")
            }
        }
        expected += expected.map { $0 + ".sha256" }
        #expect(listDirectory(run.directory) == expected.sorted())  // no truth folder without defects
        for submission in run.summary.submissions {
            for file in submission.files {
                let bytes = try #require(readBytes(run.directory + "/" + file.name))
                #expect(SHA256Hasher.hex(of: bytes) == file.sha256)
                #expect(Int64(bytes.count) == file.bytes)
                #expect(readText(run.directory + "/" + file.name + ".sha256") == "\(file.sha256)  \(file.name)\n")
            }
        }
        #expect(run.summary.submissions.map(\.format) == [.xml, .csvGzip, .xmlGzip, .csvGzip])
    }

    @Test func xmlIsWellFormedWithContractRoot() throws {
        let run = try generate(provinces: [52, 53], years: [2019], households: 200, format: .xmlGzip)
        defer { removeTree(run.directory) }
        for submission in run.summary.submissions {
            let name = try #require(submission.files.first?.name)
            let text = try #require(readText(run.directory + "/" + name))
            let bytes = Array(text.utf8)
            let doc = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    xmlReadMemory($0.baseAddress, Int32($0.count), name, nil, Int32(XML_PARSE_NONET.rawValue))
                }
            }
            let parsed = try #require(doc, "\(name) is not well-formed")
            defer { xmlFreeDoc(parsed) }
            let root = try #require(xmlDocGetRootElement(parsed))
            #expect(String(cString: root.pointee.name) == "registry")
            #expect(root.pointee.ns.map { String(cString: $0.pointee.href) } == "urn:jingzhun:registry:1")
            #expect(parsed.pointee.intSubset == nil)
            let read = ParsedSubmission.parseXML(text, file: name)
            #expect(read.root["province"] == String(submission.key.province))
            #expect(read.root["year"] == "2019" && read.root["revision"] == "1")
        }
    }

    @Test func csvHasContractColumnsAndParses() throws {
        let run = try generate(provinces: [62], years: [2019], households: 200, format: .csv)
        defer { removeTree(run.directory) }
        let expected: [String: [String]] = [
            "counties": ["county_code", "rural_population", "rural_income"],
            "villages": [
                "village_code", "county_code", "name", "poor_village", "population", "road", "water", "electricity",
                "broadband", "clinic",
            ],
            "households": [
                "household_id", "village_code", "registered_year", "category", "cause", "status", "exit_year",
                "housing_grade",
                "safe_water", "food_clothing_secured", "income_wage", "income_operating", "income_property",
                "income_transfer",
                "operating_cost", "measures",
            ],
            "members": [
                "member_id", "household_id", "name", "relation", "sex", "birth_date", "education", "schooling",
                "health", "labor",
                "medical_insured", "serious_illness_insured", "pension_insured",
            ],
        ]
        for (part, columns) in expected {
            let text = try #require(readText(run.directory + "/62-2019-r1.\(part).csv.gz"))
            let parsed = ParsedSubmission.csvRecords(text, file: part)
            #expect(parsed.header == columns)
            #expect(parsed.ragged == 0)
            #expect(!parsed.records.isEmpty)
        }
    }

    /// Clean output breaks none of the record-level rules (independent test-side checker).
    @Test(arguments: [SynthOptions.Format.xml, .csv])
    func cleanOutputPassesTheContractRules(format: SynthOptions.Format) throws {
        let run = try generate(provinces: [11, 52], years: [2014, 2017, 2020], households: 400, format: format)
        defer { removeTree(run.directory) }
        for submission in run.summary.submissions {
            let parsed = try #require(ParsedSubmission.read(directory: run.directory, prefix: submission.key.id))
            let checker = ContractChecker(
                province: submission.key.province, year: submission.key.year, isCSV: format == .csv)
            let (problems, orphans) = checker.check(parsed)
            #expect(
                problems.isEmpty,
                "\(submission.key): \(problems.prefix(3).map { (parsed.households[$0.key].id, $0.value) })")
            #expect(orphans.isEmpty)
            #expect(parsed.households.count == submission.households)
            #expect(parsed.households.reduce(0) { $0 + $1.members.count } == submission.members)
            #expect(parsed.counties.count == submission.counties && parsed.villages.count == submission.villages)
            #expect(submission.counties >= 2)
            #expect(submission.defects == 0)
            for village in parsed.villages {
                let code = try #require(village["village_code"])
                #expect(code.count == 12 && code.hasPrefix(village["county_code"] ?? "-"))
                #expect(code.hasPrefix(String(submission.key.province)))
            }
        }
    }

    /// The XML and CSV forms of the same seed carry the same records (booleans aside).
    @Test func xmlAndCSVFormsCarryTheSameRecords() throws {
        let xml = try generate(provinces: [53], years: [2018], households: 150, format: .xml)
        let csv = try generate(provinces: [53], years: [2018], households: 150, format: .csv)
        defer { [xml.directory, csv.directory].forEach(removeTree) }
        let a = try #require(ParsedSubmission.read(directory: xml.directory, prefix: "53-2018-r1"))
        let b = try #require(ParsedSubmission.read(directory: csv.directory, prefix: "53-2018-r1"))
        func normalized(_ fields: [String: String]) -> [String: String] {
            // An empty CSV cell is a missing value; XML without <measure> reads back as "".
            fields.filter { !$0.value.isEmpty }.mapValues { $0 == "true" ? "1" : $0 == "false" ? "0" : $0 }
        }
        #expect(a.households.count == b.households.count)
        for (x, c) in zip(a.households, b.households) {
            #expect(normalized(x.record.fields) == normalized(c.record.fields))
            #expect(x.members.map { normalized($0.fields) } == c.members.map { normalized($0.fields) })
        }
        #expect(a.counties.map(\.fields) == b.counties.map(\.fields))
        #expect(a.villages.map { normalized($0.fields) } == b.villages.map { normalized($0.fields) })
    }

    @Test func invalidOptionsAreReported() throws {
        let reference = try #require(TestReference.loaded)
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        for options in [
            SynthOptions(provinces: [52], years: [2013], householdsPerProvince: 10),
            SynthOptions(provinces: [99], years: [2019], householdsPerProvince: 10),
            SynthOptions(provinces: [52], years: [2019], householdsPerProvince: 0),
            SynthOptions(provinces: [52], years: [2019], householdsPerProvince: 10, defectRate: 2),
            SynthOptions(provinces: [11], years: [2019], householdsPerProvince: 10_000_000),
        ] {
            #expect(throws: SynthError.self) {
                try Synthesizer.generate(options, reference: reference, outputDirectory: directory)
            }
        }
        #expect(throws: SynthError.self) {
            try Synthesizer.generate(
                SynthOptions(
                    provinces: [52], years: [2019], householdsPerProvince: 10, referenceDirectory: directory + "/none"),
                outputDirectory: directory)
        }
    }
}
