import Foundation
import JingzhunCore
import JingzhunIO

@testable import JingzhunIngest

/// Seeded generator for property tests (SplitMix64); the seed is printed in failure messages.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

enum Fixtures {
    /// Tests/Fixtures, found from this file's path (no network, no machine-specific path).
    static var root: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/Fixtures"
    }

    static let key = SubmissionKey(province: 52, year: 2019, revision: 1)
    static let pseudonymizer = Pseudonymizer(key: Array("test-key-not-secret".utf8))

    /// A valid identity number for region 520102, birth date `yyyymmdd`, sequence (odd = male).
    static func identity(birth: String, sequence: Int, region: String = "520102") -> String {
        let sequenceText = String(sequence + 1000).dropFirst()
        return withCheckCharacter(region + birth + sequenceText)
    }

    /// Appends the GB 11643 check character to 17 digits (the date is not checked here).
    static func withCheckCharacter(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let digits = body.utf8.map { Int($0) - 48 }
        let sum = zip(digits, weights).map { $0 * $1 }.reduce(0, +)
        return body + String(Array("10X98765432")[sum % 11])
    }

    static let headID1 = identity(birth: "19800101", sequence: 11)  // male
    static let spouseID1 = identity(birth: "19820202", sequence: 12)  // female
    static let headID2 = identity(birth: "19700303", sequence: 13)
    static let childID2 = identity(birth: "20050404", sequence: 14)
    static let headID3 = identity(birth: "19600505", sequence: 15)
    static let spouseID3 = identity(birth: "19620606", sequence: 16)
    static let headName = "张三"
}

/// A small valid CSV submission (province 52, year 2019) as editable rows.
struct CSVFixture: Sendable {
    var columns: [RecordKind: [String]] = [:]
    var rows: [RecordKind: [[String: String]]] = [:]

    static let kinds: [RecordKind] = [.county, .village, .household, .member]

    static var valid: CSVFixture {
        var f = CSVFixture()
        for kind in kinds { f.columns[kind] = RecordSchema.columns(of: kind) }
        f.rows[.county] = [["county_code": "520102", "rural_population": "100000", "rural_income": "12000.50"]]
        f.rows[.village] = [
            [
                "village_code": "520102001001", "county_code": "520102", "name": "王家村", "poor_village": "1",
                "population": "800", "road": "1", "water": "1", "electricity": "1", "broadband": "0", "clinic": "1",
            ]
        ]
        func household(_ id: String, status: String, exit: String) -> [String: String] {
            [
                "household_id": id, "village_code": "520102001001", "registered_year": "2015", "category": "general",
                "cause": "illness", "status": status, "exit_year": exit, "housing_grade": "B", "safe_water": "1",
                "food_clothing_secured": "1", "income_wage": "5000", "income_operating": "-100.5",
                "income_property": "0", "income_transfer": "2000.25", "operating_cost": "300",
                "measures": "health;education",
            ]
        }
        f.rows[.household] = [
            household("H1", status: "poor", exit: ""), household("H2", status: "exited", exit: "2018"),
            household("H3", status: "returned", exit: "2017"),
        ]
        func member(_ id: String, _ household: String, _ relation: String, _ sex: String, _ birth: String) -> [String:
            String]
        {
            [
                "member_id": id, "household_id": household, "name": Fixtures.headName, "relation": relation, "sex": sex,
                "birth_date": birth, "education": "primary", "schooling": "not_in_school", "health": "healthy",
                "labor": "ordinary", "medical_insured": "1", "serious_illness_insured": "1", "pension_insured": "0",
            ]
        }
        f.rows[.member] = [
            member(Fixtures.headID1, "H1", "head", "M", "1980-01-01"),
            member(Fixtures.spouseID1, "H1", "spouse", "F", "1982-02-02"),
            member(Fixtures.headID2, "H2", "head", "M", "1970-03-03"),
            member(Fixtures.childID2, "H2", "child", "F", "2005-04-04"),
            member(Fixtures.headID3, "H3", "head", "M", "1960-05-05"),
            member(Fixtures.spouseID3, "H3", "spouse", "F", "1962-06-06"),
        ]
        return f
    }

    static func fileName(_ kind: RecordKind) -> String {
        Fixtures.key.id + RecordSchema.csvFiles.first { $0.kind == kind }!.suffix
    }

    /// RFC 4180 text of one file (quotes fields holding `,`, `"` or line breaks).
    func text(_ kind: RecordKind) -> String {
        func cell(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        let header = columns[kind]!
        var lines = [header.map(cell).joined(separator: ",")]
        for row in rows[kind] ?? [] { lines.append(header.map { cell(row[$0] ?? "") }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs reader and validator over the four files (no gzip), in contract order.
    func validate(maxRejectedHouseholdPct: Double = 100) -> SubmissionBatch {
        Self.validate(
            texts: Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, Array(text($0).utf8)) }),
            maxRejectedHouseholdPct: maxRejectedHouseholdPct)
    }

    static func validate(texts: [RecordKind: [UInt8]], maxRejectedHouseholdPct: Double = 100) -> SubmissionBatch {
        var validator = SubmissionValidator(
            key: Fixtures.key, format: .csvGzip, files: kinds.map(fileName), contentHash: "test",
            options: .init(maxRejectedHouseholdPct: maxRejectedHouseholdPct, pseudonymizer: Fixtures.pseudonymizer))
        for kind in kinds where !validator.isRejected {
            let reader = CSVRecordReader(file: fileName(kind), kind: kind)
            texts[kind]!.withUnsafeBytes { reader.consume($0, into: &validator) }
            reader.finish(into: &validator)
        }
        return validator.finish()
    }
}
