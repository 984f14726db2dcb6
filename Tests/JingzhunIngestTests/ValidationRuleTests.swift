import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// One rule case: a mutation of the valid fixture and where the rejection must be reported.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: RuleCode
    var what: String
    var kind: RecordKind
    /// Expected physical line in the file of `kind`.
    var line: Int
    var field: String?
    var mutate: @Sendable (inout CSVFixture) -> Void
    var testDescription: String { "\(rule.rawValue) \(what)" }

    static func set(
        _ rule: RuleCode, _ what: String, _ kind: RecordKind, row: Int, _ column: String, _ value: String,
        field: String? = nil
    )
        -> RuleCase
    {
        RuleCase(rule: rule, what: what, kind: kind, line: row + 2, field: field ?? column) {
            $0.rows[kind]![row][column] = value
        }
    }
}

let idWithBadDate = Fixtures.withCheckCharacter("52010219801301011")
let idWithBadCheck: String = {
    let valid = Fixtures.headID1
    return String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
}()

let ruleCases: [RuleCase] = [
    .set(.countyFieldMissing, "rural_population empty", .county, row: 0, "rural_population", ""),
    .set(.countyFieldInvalid, "rural_income with exponent", .county, row: 0, "rural_income", "1e4"),
    .set(.countyOutOfRange, "rural_population zero", .county, row: 0, "rural_population", "0"),
    .set(.countyOutOfRange, "rural_income 10,000,000", .county, row: 0, "rural_income", "10000000"),
    .set(.countyOutsideProvince, "county code of province 53", .county, row: 0, "county_code", "530102"),
    .set(.countyFieldInvalid, "county code with surrounding space", .county, row: 0, "county_code", " 520102"),
    RuleCase(rule: .countyDuplicate, what: "county twice", kind: .county, line: 3, field: "county_code") {
        $0.rows[.county]!.append($0.rows[.county]![0])
    },
    .set(.villageFieldMissing, "name empty", .village, row: 0, "name", ""),
    .set(.villageFieldInvalid, "boolean yes", .village, row: 0, "poor_village", "yes"),
    .set(.villageFieldInvalid, "XML boolean in CSV", .village, row: 0, "road", "true"),
    .set(.villageFieldInvalid, "name of 65 code points", .village, row: 0, "name", String(repeating: "村", count: 65)),
    .set(.villageFieldInvalid, "name with ideographic space", .village, row: 0, "name", "王家村\u{3000}"),
    .set(.villageOutOfRange, "population of 20 digits", .village, row: 0, "population", "99999999999999999999"),
    .set(.villageOutsideProvince, "village code of province 53", .village, row: 0, "village_code", "530102001001"),
    RuleCase(rule: .villageDuplicate, what: "village twice", kind: .village, line: 3, field: "village_code") {
        $0.rows[.village]!.append($0.rows[.village]![0])
    },
    .set(.villageCountyMismatch, "county_code not the prefix", .village, row: 0, "county_code", "520103"),
    RuleCase(
        rule: .villageCountyMissing, what: "county statistics absent", kind: .village, line: 2, field: "county_code"
    ) {
        $0.rows[.county]![0]["county_code"] = "520103"
    },
    RuleCase(
        rule: .villageCountyMissing, what: "county statistics rejected", kind: .village, line: 2, field: "county_code"
    ) {
        $0.rows[.county]![0]["rural_income"] = "-5"
    },
    .set(.householdFieldMissing, "registered_year empty", .household, row: 0, "registered_year", ""),
    .set(.householdFieldInvalid, "household_id with underscore", .household, row: 0, "household_id", "H_1"),
    .set(
        .householdFieldInvalid, "household_id of 33 characters", .household, row: 0, "household_id",
        String(repeating: "A", count: 33)),
    .set(.householdFieldInvalid, "boolean 2", .household, row: 0, "safe_water", "2"),
    .set(.householdFieldInvalid, "decimal with three places", .household, row: 0, "income_wage", "1.234"),
    .set(.householdFieldInvalid, "decimal with thousands separator", .household, row: 0, "income_wage", "1,000"),
    .set(.householdFieldInvalid, "integer with sign", .household, row: 0, "registered_year", "+2015"),
    .set(.householdNotInEnumeration, "category capitalised", .household, row: 0, "category", "General"),
    .set(.householdNotInEnumeration, "cause with trailing space", .household, row: 0, "cause", "illness "),
    .set(.householdNotInEnumeration, "housing grade lowercase", .household, row: 0, "housing_grade", "a"),
    .set(.householdOutOfRange, "registered before 2014", .household, row: 0, "registered_year", "2013"),
    .set(.householdOutOfRange, "registered after the year", .household, row: 0, "registered_year", "2020"),
    .set(.householdOutOfRange, "negative wage", .household, row: 0, "income_wage", "-1"),
    .set(.householdOutOfRange, "transfer of 10 million", .household, row: 0, "income_transfer", "10000000.00"),
    .set(.householdOutOfRange, "exit before registration", .household, row: 1, "exit_year", "2014"),
    .set(.exitYearInconsistent, "exit_year for a poor household", .household, row: 0, "exit_year", "2018"),
    .set(.exitYearInconsistent, "no exit_year for exited", .household, row: 1, "exit_year", ""),
    RuleCase(rule: .exitYearInconsistent, what: "exit_year for removed", kind: .household, line: 2, field: "exit_year")
    {
        $0.rows[.household]![0]["status"] = "removed"
        $0.rows[.household]![0]["exit_year"] = "2016"
    },
    RuleCase(rule: .noMembers, what: "household without members", kind: .household, line: 2, field: nil) {
        $0.rows[.member]!.removeAll { $0["household_id"] == "H1" }
    },
    RuleCase(rule: .headCount, what: "two heads", kind: .household, line: 2, field: nil) {
        $0.rows[.member]![1]["relation"] = "head"
    },
    RuleCase(rule: .headCount, what: "no head", kind: .household, line: 2, field: nil) {
        $0.rows[.member]![0]["relation"] = "other"
    },
    .set(.villageUnknown, "village not in the villages file", .household, row: 0, "village_code", "520102001999"),
    RuleCase(rule: .parentRejected, what: "village rejected", kind: .household, line: 2, field: nil) {
        $0.rows[.village]![0]["water"] = "x"
    },
    .set(.householdOutsideProvince, "village code of province 53", .household, row: 0, "village_code", "530102001001"),
    RuleCase(rule: .householdDuplicate, what: "household_id twice", kind: .household, line: 5, field: "household_id") {
        var copy = $0.rows[.household]![0]
        copy["status"] = "removed"
        $0.rows[.household]!.append(copy)
    },
    RuleCase(rule: .identityDuplicate, what: "identity number twice", kind: .member, line: 5, field: "member_id") {
        $0.rows[.member]![3]["member_id"] = Fixtures.headID1
        $0.rows[.member]![3]["birth_date"] = "1980-01-01"
        $0.rows[.member]![3]["sex"] = "M"
    },
    .set(.measuresInvalid, "measure twice", .household, row: 0, "measures", "health;health"),
    .set(.measuresInvalid, "unknown measure", .household, row: 0, "measures", "health;charity"),
    .set(.measuresInvalid, "space after separator", .household, row: 0, "measures", "health; education"),
    .set(.measuresInvalid, "trailing separator", .household, row: 0, "measures", "health;"),
    .set(.memberFieldMissing, "name empty", .member, row: 0, "name", ""),
    .set(.memberFieldMissing, "member_id empty", .member, row: 0, "member_id", ""),
    .set(.memberFieldInvalid, "XML boolean in CSV", .member, row: 0, "medical_insured", "true"),
    .set(.memberFieldInvalid, "name too long", .member, row: 0, "name", String(repeating: "张", count: 65)),
    .set(.memberFieldInvalid, "name with leading space", .member, row: 0, "name", " 张三"),
    .set(.memberFieldInvalid, "birth date 1980-02-30", .member, row: 0, "birth_date", "1980-02-30"),
    .set(.memberFieldInvalid, "birth date 1980/01/01", .member, row: 0, "birth_date", "1980/01/01"),
    .set(.memberNotInEnumeration, "relation wife", .member, row: 1, "relation", "wife"),
    .set(.memberNotInEnumeration, "sex lowercase", .member, row: 0, "sex", "m"),
    .set(.memberOutOfRange, "born after the year", .member, row: 3, "birth_date", "2020-01-01"),
    .set(.identityMalformed, "17 characters", .member, row: 0, "member_id", String(Fixtures.headID1.dropLast())),
    .set(.identityMalformed, "letter in the body", .member, row: 0, "member_id", "1101051949123100AX"),
    .set(.identityBirthDate, "month 13", .member, row: 0, "member_id", idWithBadDate),
    .set(.identityCheckCharacter, "wrong check character", .member, row: 0, "member_id", idWithBadCheck),
    .set(.identityBirthMismatch, "birth date differs", .member, row: 0, "birth_date", "1980-01-02"),
    .set(.identitySexMismatch, "sex differs", .member, row: 0, "sex", "F"),
    .set(.orphanMember, "household unknown", .member, row: 0, "household_id", "H404"),
]

@Suite struct ValidationRuleTests {
    @Test func validFixtureIsAcceptedWhole() {
        let batch = CSVFixture.valid.validate(maxRejectedHouseholdPct: 0)
        #expect(batch.rejections == [])
        #expect(batch.outcome == .applied)
        #expect(batch.counties.count == 1 && batch.villages.count == 1)
        #expect(batch.households.householdID == ["H1", "H2", "H3"])
        #expect(batch.households.exitYear == [nil, 2018, 2017])
        // -100.5 yuan parsed exactly: −10050 fen; net = 500000 − 10050 + 0 + 200025 − 30000.
        #expect(batch.households.incomeOperatingFen[0] == -10_050)
        #expect(batch.households.netFen(0) == 659_975)
        #expect(batch.households.measures[0] == MeasureSet([.health, .education]))
        #expect(batch.members.householdIndex == [0, 0, 1, 1, 2, 2])
        #expect(batch.members.identityKey[0] == Fixtures.pseudonymizer.pseudonym(of: Array(Fixtures.headID1.utf8)))
        #expect(batch.members.birthDate[0] == CivilDate(year: 1980, month: 1, day: 1)!.daysSinceEpoch)
        #expect(batch.counts.householdsReceived == 3 && batch.counts.householdsRejected == 0)
        #expect(batch.counts.membersAccepted == 6)
        #expect(batch.counts.passes[.headCount] == 3)
        #expect(batch.counts.passes[.identityCheckCharacter] == 6)
        #expect(batch.counts.passes[.tooManyRejectedHouseholds] == 1)
    }

    @Test(arguments: ruleCases)
    func ruleIsReportedWithLineAndField(_ ruleCase: RuleCase) {
        var fixture = CSVFixture.valid
        ruleCase.mutate(&fixture)
        let batch = fixture.validate()
        let file = CSVFixture.fileName(ruleCase.kind)
        let hits = batch.rejections.filter { $0.rule == ruleCase.rule }
        #expect(
            !hits.isEmpty,
            "no \(ruleCase.rule.rawValue) in \(batch.rejections.map { "\($0.rule.rawValue) \($0.location)" })")
        #expect(
            hits.contains {
                $0.location.file == file && $0.location.line == ruleCase.line && $0.field == ruleCase.field
            },
            "\(hits.map { "\($0.location) \($0.field ?? "-")" })")
        // Every failure makes the batch smaller or leaves an orphan: never silently dropped.
        #expect(
            batch.counts.householdsRejected >= 1 || ruleCase.rule == .orphanMember || ruleCase.kind == .county
                || ruleCase.kind == .village)
        // Personal data never in messages: no clear identity number, no name.
        for rejection in batch.rejections {
            for id in [Fixtures.headID1, Fixtures.spouseID1, Fixtures.childID2, idWithBadCheck] {
                #expect(!rejection.message.contains(id))
            }
            #expect(!rejection.message.contains("张"))
        }
    }

    @Test func orphanIsCountedButIsNoHousehold() {
        var fixture = CSVFixture.valid
        var orphan = fixture.rows[.member]![0]
        orphan["household_id"] = "H404"
        orphan["member_id"] = Fixtures.identity(birth: "19900101", sequence: 99)
        orphan["birth_date"] = "1990-01-01"
        fixture.rows[.member]!.append(orphan)
        let batch = fixture.validate(maxRejectedHouseholdPct: 0)
        #expect(batch.counts.orphanMembers == 1)
        #expect(batch.counts.householdsReceived == 3 && batch.counts.householdsRejected == 0)
        #expect(batch.outcome == .applied)
        #expect(batch.rejections.map(\.rule) == [.orphanMember])
    }

    @Test func allFailuresOfAHouseholdAreListedButCountedOnce() {
        var fixture = CSVFixture.valid
        fixture.rows[.household]![0]["category"] = "x"
        fixture.rows[.household]![0]["registered_year"] = "1999"
        fixture.rows[.member]![0]["sex"] = "F"
        fixture.rows[.member]![1]["relation"] = "head"
        let batch = fixture.validate()
        #expect(
            Set(batch.rejections.map(\.rule)) == [
                .householdNotInEnumeration, .householdOutOfRange, .identitySexMismatch, .headCount,
            ])
        #expect(batch.rejections.allSatisfy { $0.householdID == "H1" })
        #expect(batch.counts.householdsRejected == 1)
        #expect(batch.households.householdID == ["H2", "H3"])
        #expect(batch.members.householdIndex == [0, 0, 1, 1])  // remapped to the accepted households
        // Rejections are ordered by file (reading order), then line.
        #expect(batch.rejections.map { $0.location.file.contains("households") } == [true, true, true, false])
    }

    @Test func duplicateIdentityWithLowercaseXIsFound() {
        // 11010519491231002X is the standard's example; its lowercase twin must be the same person.
        var fixture = CSVFixture.valid
        fixture.rows[.member]![0]["member_id"] = "11010519491231002X"
        fixture.rows[.member]![0]["birth_date"] = "1949-12-31"
        fixture.rows[.member]![0]["sex"] = "F"
        fixture.rows[.member]![5]["member_id"] = "11010519491231002x"
        fixture.rows[.member]![5]["birth_date"] = "1949-12-31"
        let batch = fixture.validate()
        #expect(batch.rejections.map(\.rule) == [.identityDuplicate])
        #expect(batch.rejections[0].householdID == "H3" && batch.rejections[0].location.line == 7)
        #expect(batch.rejections[0].message.contains("110105**********2X"))
        #expect(batch.households.householdID == ["H1", "H2"])
    }

    @Test func laterDuplicateHouseholdIsRejectedAndFirstKept() {
        var fixture = CSVFixture.valid
        var copy = fixture.rows[.household]![0]
        copy["registered_year"] = "2016"
        fixture.rows[.household]!.append(copy)
        let batch = fixture.validate()
        #expect(batch.households.householdID == ["H1", "H2", "H3"])
        #expect(batch.households.registeredYear[0] == 2015)
        #expect(batch.rejections.first?.rule == .householdDuplicate)
        #expect(batch.counts.householdsReceived == 4 && batch.counts.householdsRejected == 1)
    }

    @Test func unknownColumnIsAWarning() {
        var fixture = CSVFixture.valid
        fixture.columns[.household]!.append("remark")
        fixture.rows[.household]![0]["remark"] = "anything"
        let batch = fixture.validate(maxRejectedHouseholdPct: 0)
        #expect(batch.outcome == .applied)
        #expect(batch.warnings.map(\.rule) == [.unknownColumn])
        #expect(batch.warnings[0].location.column == RecordSchema.columns(of: .household).count + 1)
    }

    @Test func incomeAboveCeilingIsAWarning() {
        var fixture = CSVFixture.valid
        // 2 members: (9,999,999.99 + 400,000.01) / 2 = 5,200,000 > 100,000 yuan per person.
        fixture.rows[.household]![0]["income_wage"] = "9999999.99"
        fixture.rows[.household]![0]["income_transfer"] = "400000.01"
        fixture.rows[.household]![0]["income_operating"] = "0"
        fixture.rows[.household]![0]["operating_cost"] = "0"
        // Exactly 100,000 yuan per person is not above: 200,000 for 2 members.
        fixture.rows[.household]![1]["income_wage"] = "200000"
        fixture.rows[.household]![1]["income_transfer"] = "0"
        fixture.rows[.household]![1]["income_operating"] = "0"
        fixture.rows[.household]![1]["operating_cost"] = "0"
        let batch = fixture.validate(maxRejectedHouseholdPct: 0)
        #expect(batch.warnings.map(\.rule) == [.incomeAboveCeiling])
        #expect(batch.warnings[0].location.line == 2)
        #expect(batch.outcome == .applied)
    }

    @Test func missingRequiredColumnRejectsTheSubmission() {
        var fixture = CSVFixture.valid
        fixture.columns[.member]!.removeAll { $0 == "sex" }
        let batch = fixture.validate()
        #expect(batch.outcome == .rejected)
        #expect(batch.reason?.rule == .csvColumnMissing)
        #expect(batch.reason?.location.file == CSVFixture.fileName(.member))
        #expect(batch.households.count == 0)
    }

    @Test func optionalColumnsMayBeAbsent() {
        var fixture = CSVFixture.valid
        fixture.columns[.household]!.removeAll { $0 == "measures" }
        let batch = fixture.validate(maxRejectedHouseholdPct: 0)
        #expect(batch.outcome == .applied)
        #expect(batch.households.measures.allSatisfy { $0.isEmpty })
    }

    @Test func duplicateColumnRejectsTheSubmission() {
        var fixture = CSVFixture.valid
        fixture.columns[.county]!.append("county_code")
        #expect(fixture.validate().reason?.rule == .csvDuplicateColumn)
    }

    /// submissions.md: exactly the threshold still applies; only more rejects.
    @Test(arguments: [
        (1, 20, RuleCode?.none), (1, 19, .tooManyRejectedHouseholds), (5, 100, nil),
        (6, 100, .tooManyRejectedHouseholds),
    ])
    func thresholdBoundary(rejected: Int, total: Int, expected: RuleCode?) {
        var fixture = CSVFixture.valid
        let template = fixture.rows[.household]![0]
        let member = fixture.rows[.member]![0]
        fixture.rows[.household] = []
        fixture.rows[.member] = []
        for index in 0..<total {
            var household = template
            household["household_id"] = "HH\(index)"
            if index < rejected { household["category"] = "bad" }
            fixture.rows[.household]!.append(household)
            var head = member
            head["household_id"] = "HH\(index)"
            head["member_id"] = Fixtures.identity(birth: "19800101", sequence: 2 * index + 1)
            fixture.rows[.member]!.append(head)
        }
        let batch = fixture.validate(maxRejectedHouseholdPct: 5)
        #expect(batch.counts.householdsRejected == rejected)
        #expect(batch.reason?.rule == expected)
        #expect(batch.outcome == (expected == nil ? .applied : .rejected))
        #expect(batch.households.count == (expected == nil ? total - rejected : 0))
    }

    @Test func xmlRecordsUseXMLBooleansAndNesting() {
        var validator = SubmissionValidator(
            key: Fixtures.key, format: .xml, files: ["52-2019-r1.registry.xml"], contentHash: "x",
            options: .init(pseudonymizer: Fixtures.pseudonymizer))
        let file = "52-2019-r1.registry.xml"
        func record(_ kind: RecordKind, _ line: Int, _ fields: [(String, String)]) -> RawRecord {
            RawRecord(
                kind: kind, fields: fields.map { ($0.0, Array($0.1.utf8)) },
                location: SourceLocation(file: file, line: line))
        }
        validator.root(
            RegistryRoot(province: "52", year: "2019", revision: "1"), at: SourceLocation(file: file, line: 2))
        validator.record(
            record(.county, 3, [("county_code", "520102"), ("rural_population", "5"), ("rural_income", "1.5")]))
        var village = CSVFixture.valid.rows[.village]![0].map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
        village = village.map { ($0.0, $0.1 == "1" ? "true" : $0.1 == "0" ? "false" : $0.1) }
        validator.record(record(.village, 4, village))
        var household = CSVFixture.valid.rows[.household]![0].filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }
            .sorted { $0.0 < $1.0 }
        household = household.map { ($0.0, $0.1 == "1" ? "true" : $0.1) }
        validator.record(record(.household, 5, household))
        var member = CSVFixture.valid.rows[.member]![0].map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
        // pension_insured "1": CSV syntax in XML
        member = member.map { ($0.0, $0.1 == "1" ? "true" : $0.1 == "0" ? "1" : $0.1) }
        validator.record(record(.member, 6, member))
        let batch = validator.finish()
        #expect(batch.rejections.map(\.rule) == [.memberFieldInvalid])
        #expect(batch.rejections.first?.field == "pension_insured")
        #expect(batch.counts.householdsRejected == 1)
    }

    @Test func rootContradictingFileNameRejects() {
        var validator = SubmissionValidator(
            key: Fixtures.key, format: .xml, files: ["52-2019-r1.registry.xml"], contentHash: "x",
            options: .init(pseudonymizer: Fixtures.pseudonymizer))
        validator.root(
            RegistryRoot(province: "52", year: "2018", revision: "1"),
            at: SourceLocation(file: "52-2019-r1.registry.xml", line: 2))
        let batch = validator.finish()
        #expect(batch.reason?.rule == .rootContradictsFileName)
        #expect(batch.reason?.field == "year")
        #expect(batch.outcome == .rejected)
    }
}

@Suite struct IdentityVectorTests {
    /// shared/reference/id_check_vectors.csv (copied to Tests/Fixtures/reference; see SOURCES.md there).
    @Test func referenceVectors() throws {
        let text = try String(contentsOfFile: Fixtures.root + "/reference/id_check_vectors.csv", encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(rows.count == 16)
        for row in rows {
            let valid = (try? IdentityNumber.check(Array(row[0].utf8)).get()) != nil
            #expect(valid == (row[1] == "true"), "\(row[0])")
        }
        // Lowercase x is accepted and normalised (the contract; deliberately not in the vectors).
        let lower = try IdentityNumber.check(Array("11010519491231002x".utf8)).get()
        #expect(lower.normalized == Array("11010519491231002X".utf8))
        #expect(lower.sex == .female && lower.birthDate == CivilDate(year: 1949, month: 12, day: 31))
    }
}

@Suite struct RuleDocumentationTests {
    /// docs/rules.md lists every rule code with its case name (the table is the documentation).
    @Test func everyCodeIsDocumented() throws {
        let text = try String(contentsOfFile: Fixtures.root + "/../../docs/rules.md", encoding: .utf8)
        for rule in RuleCode.allCases {
            #expect(text.contains("| \(rule.rawValue) | `\(rule)` |"), "\(rule.rawValue) missing from docs/rules.md")
            #expect(!rule.summary.isEmpty)
        }
    }
}

@Suite struct PseudonymTests {
    /// Known answer computed independently (Python: hmac.new(b"test-key-not-secret",
    /// b"11010519491231002X", hashlib.sha256)); also the lowercase-x spelling maps to it.
    @Test func pseudonymIsHMACSHA256OfTheNormalisedNumber() throws {
        let expected = "1dc0130c6049217a335bdb281a0a6ed6f5e72af7add4cc657c16805f093e13a0"
        #expect(Fixtures.pseudonymizer.pseudonym(of: Array("11010519491231002X".utf8)).hex == expected)
        let lower = try IdentityNumber.check(Array("11010519491231002x".utf8)).get()
        #expect(Fixtures.pseudonymizer.pseudonym(of: lower.normalized).hex == expected)
        // Repeated use of the prepared HMAC state gives the same answer.
        #expect(Fixtures.pseudonymizer.pseudonym(of: lower.normalized).hex == expected)
    }
}

/// Files whose columns are swapped or whose header row is missing put personal data into
/// fields that are quoted in messages (found by fuzzing): no identity number and no name may
/// reach a rejection, a warning or a household number in clear.
@Suite struct PersonalDataInWrongFieldsTests {
    static func everyText(_ batch: SubmissionBatch) -> [String] {
        batch.rejections.flatMap { [$0.message, $0.householdID ?? ""] } + batch.warnings.map(\.message)
            + [batch.reason?.message ?? ""]
    }

    static let identities = [
        Fixtures.headID1, Fixtures.spouseID1, Fixtures.headID2, Fixtures.childID2, Fixtures.headID3,
    ]

    @Test func swappedMemberAndHouseholdColumns() {
        var fixture = CSVFixture.valid
        // The header names the columns in the usual order, the rows have the two swapped.
        fixture.rows[.member] = fixture.rows[.member]!.map { row in
            var swapped = row
            swapped["member_id"] = row["household_id"]
            swapped["household_id"] = row["member_id"]
            return swapped
        }
        let batch = fixture.validate()
        #expect(batch.rejections.contains { $0.rule == .orphanMember })
        for text in Self.everyText(batch) {
            for id in Self.identities { #expect(!text.contains(id), "\(text)") }
        }
        // Still recognisable for the clerk: the masked form, first 6 and last 2 kept.
        #expect(batch.rejections.contains { $0.householdID == IdentityNumber.masked(Array(Fixtures.headID1.utf8)) })
    }

    @Test func membersFileWithoutHeaderRow() {
        var fixture = CSVFixture.valid
        let text = fixture.text(.member)
        let headerless = Array(
            text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n").utf8)
        fixture.columns[.member] = RecordSchema.columns(of: .member)
        var texts = Dictionary(uniqueKeysWithValues: CSVFixture.kinds.map { ($0, Array(fixture.text($0).utf8)) })
        texts[.member] = headerless
        let batch = CSVFixture.validate(texts: texts)
        #expect(batch.reason?.rule == .csvColumnMissing)
        #expect(batch.warnings.contains { $0.rule == .unknownColumn })
        for text in Self.everyText(batch) {
            for id in Self.identities { #expect(!text.contains(id), "\(text)") }
            #expect(!text.contains(Fixtures.headName), "\(text)")
        }
    }

    @Test func aNameInAnotherFieldOfAMemberRowIsNotShown() {
        var fixture = CSVFixture.valid
        fixture.rows[.member]![0]["relation"] = Fixtures.headName
        let batch = fixture.validate()
        #expect(batch.rejections.contains { $0.field == "relation" })
        for text in Self.everyText(batch) { #expect(!text.contains(Fixtures.headName), "\(text)") }
    }
}
