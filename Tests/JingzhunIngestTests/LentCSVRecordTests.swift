import Foundation
import JingzhunCore
import Testing

@testable import JingzhunIngest

/// The CSV reader lends each row where the scanner holds it (`record(lending:)`) and the
/// validator checks its values in place (issue 20, item 3). These tests hold that path to the
/// record-based one it replaced: the same rows copied into `RawRecord`s (`LentRecord.rawRecord`,
/// what a sink without the lending path gets) give the same batch, on seeded submissions full
/// of defects and fed in pieces of every size.
@Suite struct LentCSVRecordTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func seededDefectsGiveTheSameBatchFromBothPaths(seed: UInt64) throws {
        var random = SeededBytes(seed: seed)
        let texts = SeededCSV.make(households: 80, random: &random)
        let lent = Self.validate(texts, lending: true)
        let copied = Self.validate(texts, lending: false)
        XMLScannerIngestTests.expectSame(lent, copied, sourceLocation: #_sourceLocation)
        #expect(lent.counts.householdsReceived >= 80)
        #expect(
            lent.counts.householdsRejected > 0 && lent.counts.householdsRejected < lent.counts.householdsReceived,
            "seed \(seed)")
        #expect(lent.counts.membersAccepted > 0, "seed \(seed)")
        let rules = Set(lent.rejections.map(\.rule.rawValue))
        // Value rules and the CSV syntax rules (R001 ragged, R003 UTF-8, R004 NUL, R006 quote).
        #expect(rules.count >= 12, "seed \(seed): \(rules.sorted())")
        #expect(rules.isSuperset(of: ["R001", "R003", "R004", "R006"]), "seed \(seed): \(rules.sorted())")
        #expect(lent.warnings.contains { $0.rule == .unknownColumn }, "seed \(seed)")
    }

    /// The rows lent from a scanner fed in pieces of 1-333 bytes give the whole file's batch.
    @Test func piecesOfAnySizeGiveTheSameBatch() throws {
        var random = SeededBytes(seed: 7)
        let texts = SeededCSV.make(households: 12, random: &random)
        let whole = Self.validate(texts, lending: true)
        #expect(!whole.rejections.isEmpty)
        for piece in [1, 2, 3, 5, 64, 333] {
            XMLScannerIngestTests.expectSame(
                Self.validate(texts, lending: true, piece: piece), whole, sourceLocation: #_sourceLocation)
        }
    }

    /// A lent row copied out keeps exactly its non-empty values.
    @Test func aLentRowCopiedOutKeepsItsNonEmptyValues() {
        var sink = CollectingSink()
        let reader = CSVRecordReader(file: "c.csv", kind: .county)
        let text = "county_code,colour,rural_population,rural_income\n520102,red,,12.5\n\"52,0\",blue,\"x\"\"y\"\n"
        Array(text.utf8).withUnsafeBytes { reader.consume($0, into: &sink) }
        reader.finish(into: &sink)
        #expect(sink.records.count == 2)
        #expect(sink.records[0].fields.map(\.name) == ["county_code", "rural_income"])
        #expect(sink.records[0].value(.countyCode) == Array("520102".utf8))
        #expect(sink.records[0].value(.ruralIncome) == Array("12.5".utf8))
        #expect(sink.records[0].location == SourceLocation(file: "c.csv", line: 2))
        #expect(sink.records[0].defect == nil)
        #expect(sink.records[1].value(.countyCode) == Array("52,0".utf8))
        #expect(sink.records[1].value(.ruralPopulation) == Array(#"x"y"#.utf8))
        #expect(sink.records[1].value(.ruralIncome) == nil)
        #expect(sink.records[1].defect?.rule == .raggedRow)
    }

    /// Reader → validator over the four files; `lending: false` sends every row through
    /// `record(_:)` as a `RawRecord` instead; `piece` feeds the reader that many bytes at a time.
    static func validate(_ texts: [RecordKind: [UInt8]], lending: Bool, piece: Int? = nil) -> SubmissionBatch {
        let validator = SubmissionValidator(
            key: Fixtures.key, format: .csvGzip, files: CSVFixture.kinds.map(CSVFixture.fileName),
            contentHash: "test",
            options: .init(maxRejectedHouseholdPct: 100, pseudonymizer: Fixtures.pseudonymizer))
        var sink = RecordPathSink(validator: validator, lending: lending)
        for kind in CSVFixture.kinds where !sink.validator.isRejected {
            let reader = CSVRecordReader(file: CSVFixture.fileName(kind), kind: kind)
            let bytes = texts[kind]!
            bytes.withUnsafeBytes { buffer in
                let step = piece ?? max(buffer.count, 1)
                for start in stride(from: 0, to: buffer.count, by: step) {
                    reader.consume(
                        UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + step, buffer.count)]), into: &sink)
                }
            }
            reader.finish(into: &sink)
        }
        return sink.validator.finish()
    }
}

/// Forwards to a validator; with `lending: false` a lent row goes through `record(_:)` as the
/// `RawRecord` the protocol's default makes of it.
struct RecordPathSink: RawRecordSink {
    var validator: SubmissionValidator
    let lending: Bool

    mutating func root(_ root: RegistryRoot, at location: JingzhunCore.SourceLocation) {
        validator.root(root, at: location)
    }
    mutating func record(_ record: RawRecord) { validator.record(record) }
    mutating func record(lending lent: LentRecord) {
        if lending { validator.record(lending: lent) } else { validator.record(lent.rawRecord) }
    }
    mutating func warning(_ diagnostic: Diagnostic) { validator.warning(diagnostic) }
    mutating func problem(_ rejection: Rejection) { validator.problem(rejection) }
}

/// Keeps every record as the protocol's default gives it.
struct CollectingSink: RawRecordSink {
    var records: [RawRecord] = []
    mutating func root(_ root: RegistryRoot, at location: JingzhunCore.SourceLocation) {}
    mutating func record(_ record: RawRecord) { records.append(record) }
    mutating func warning(_ diagnostic: Diagnostic) {}
    mutating func problem(_ rejection: Rejection) {}
}

/// A CSV submission for province 52, 2019 (`CSVFixture`'s county and village), whose households
/// and members are seeded and often defective, in values and in CSV syntax.
enum SeededCSV {
    static func make(households: Int, random: inout SeededBytes) -> [RecordKind: [UInt8]] {
        var fixture = CSVFixture.valid
        var householdRows: [[String: String]] = []
        var memberRows: [[String: String]] = []
        var identities: [String] = []
        for index in 0..<households {
            let id = "H\(index)-\(random.next() % 1000)"
            let status = random.pick(["poor", "exited", "returned", "removed"])
            var row: [String: String] = [
                "household_id": id, "village_code": "520102001001", "registered_year": "2015",
                "category": "general", "cause": random.pick(["illness", "disability", "other"]), "status": status,
                "exit_year": status == "exited" || status == "returned" ? "2018" : "", "housing_grade": "B",
                "safe_water": "1", "food_clothing_secured": "1", "income_wage": "5000", "income_operating": "-100.5",
                "income_property": "0", "income_transfer": "2000.25", "operating_cost": "300",
                "measures": "health;education",
            ]
            spoil(&row, random: &random)
            householdRows.append(row)
            for position in 0..<(random.chance(5) ? 0 : 1 + Int(random.next() % 4)) {
                let isMale = random.chance(50)
                let birth = "19\(60 + random.next() % 40)0\(1 + random.next() % 9)1\(random.next() % 9)"
                var identity = Fixtures.identity(
                    birth: birth, sequence: Int(random.next() % 49) * 2 + (isMale ? 1 : 0) + 10)
                if !identities.isEmpty && random.chance(4) { identity = random.pick(identities) }
                identities.append(identity)
                let dashed =
                    "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
                var member: [String: String] = [
                    "member_id": identity, "household_id": random.chance(3) ? "H-orphan" : id, "name": "张三",
                    "relation": position == 0 ? "head" : "child", "sex": isMale ? "M" : "F", "birth_date": dashed,
                    "education": "primary", "schooling": "not_in_school", "health": "healthy", "labor": "ordinary",
                    "medical_insured": "1", "serious_illness_insured": "1", "pension_insured": "0",
                ]
                spoil(&member, random: &random)
                memberRows.append(member)
            }
        }
        fixture.rows[.household] = householdRows
        fixture.rows[.member] = memberRows
        // Columns in a seeded order, and an unknown one.
        for kind in [RecordKind.household, .member] {
            var columns = fixture.columns[kind]!
            for index in columns.indices.reversed() {
                columns.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            columns.insert("colour", at: Int(random.next() % UInt64(columns.count)))
            fixture.columns[kind] = columns
        }
        var texts: [RecordKind: [UInt8]] = [:]
        for kind in CSVFixture.kinds {
            var lines = fixture.text(kind).split(separator: "\n", omittingEmptySubsequences: false).map {
                Array($0.utf8)
            }
            // Syntax defects on data rows (not the header): a field dropped, a stray quote, a byte
            // that is not UTF-8, a NUL.
            for line in lines.indices.dropFirst() where !lines[line].isEmpty && random.chance(6) {
                switch random.next() % 4 {
                case 0:
                    if let comma = lines[line].lastIndex(of: UInt8(ascii: ",")) {
                        lines[line].removeSubrange(comma...)
                    }
                case 1: lines[line].insert(UInt8(ascii: "\""), at: lines[line].count / 2)
                case 2: lines[line].insert(0xFF, at: lines[line].count / 2)
                default: lines[line].insert(0, at: lines[line].count / 2)
                }
            }
            texts[kind] = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        return texts
    }

    /// Now and then a value left empty, padded, or replaced by one the contract refuses.
    static func spoil(_ row: inout [String: String], random: inout SeededBytes) {
        let bad: [String: [String]] = [
            "household_id": ["H 1", "toolong-toolong-toolong-toolong-x"], "registered_year": ["2013", "20a5"],
            "category": ["General"], "status": ["gone"], "housing_grade": ["E"], "safe_water": ["yes"],
            "income_wage": ["-1", "5,000", "1e3"], "operating_cost": ["-3"], "measures": ["flying"],
            "member_id": ["12345"], "relation": ["boss"], "sex": ["X"], "birth_date": ["1999-13-01"],
            "education": ["none"], "medical_insured": ["2"],
        ]
        for key in row.keys.sorted() where random.chance(3) {
            switch random.next() % 3 {
            case 0: row[key] = ""
            case 1: row[key] = " " + (row[key] ?? "")
            default: row[key] = bad[key].map { random.pick($0) } ?? ""
            }
        }
    }
}
