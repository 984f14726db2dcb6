import Foundation
import JingzhunCore
import Testing

@testable import JingzhunIngest

/// The XML scanner's held households (`HeldHousehold`), checked by the validator in place through
/// `RecordFields`, against the record-based path: libxml2's reader delivers `RawRecord`s, which
/// the validator checks through the same fields view lent by the record (issue 20, item 2).
@Suite struct HeldHouseholdTests {
    // MARK: The held household itself

    @Test func keepsTheFirstValueOfAFieldPerRecordAndGivesRawRecordsInTheContractsOrder() {
        var held = HeldHousehold(file: "52-2019-r1.registry.xml")
        held.beginRecord(line: 3, column: 7)
        let tag = Array(#"id="H1" status="poor""#.utf8)
        tag.withUnsafeBufferPointer { bytes in
            let start = held.append(bytes)
            held.setField(.householdID, start: start + 4, end: start + 6, record: 0)
            held.setField(.status, start: start + 16, end: start + 20, record: 0)
            held.setField(.householdID, start: start + 16, end: start + 20, record: 0)  // kept: the first
        }
        held.beginRecord(line: 4, column: 9)
        Array("H1".utf8).withUnsafeBufferPointer { held.setField(.householdID, $0, record: 1) }
        Array("".utf8).withUnsafeBufferPointer { held.setField(.name, $0, record: 1) }
        Array("sex-M".utf8).withUnsafeBufferPointer {
            held.setField(.sex, UnsafeBufferPointer(rebasing: $0[4...]), record: 1)
        }
        // A household field set after a member began (an `<income>` after a `<member>`).
        Array("12.5".utf8).withUnsafeBufferPointer { held.setField(.incomeWage, $0, record: 0) }

        #expect(held.memberCount == 1)
        #expect(held.householdValue(.householdID).map(Array.init) == Array("H1".utf8))
        let household = held.household
        #expect(household.kind == .household)
        #expect(household.location == SourceLocation(file: "52-2019-r1.registry.xml", line: 3, column: 7))
        #expect(household.fields.map(\.name) == ["household_id", "status", "income_wage"])
        #expect(household.value(.status) == Array("poor".utf8))
        #expect(household.value(.incomeWage) == Array("12.5".utf8))
        let member = held.members[0]
        #expect(member.location.line == 4)
        #expect(member.fields.map(\.name) == ["name", "household_id", "sex"])
        #expect(member.value(.name) == [])
        #expect(member.value(.sex) == Array("M".utf8))

        held.withRecords { records in
            #expect(records.count == 2)
            #expect(records[0].nonEmpty(.status).map(Array.init) == Array("poor".utf8))
            #expect(records[0].nonEmpty(.sex) == nil)
            #expect(records[1].nonEmpty(.name) == nil, "empty is missing")
            #expect(records[1].nonEmpty(.householdID).map(Array.init) == Array("H1".utf8))
        }
        held.removeAll()
        #expect(held.memberCount == 0)
    }

    /// Several fields set at once (the scanner's values that need no decoding) as one by one: a
    /// field that already has a value keeps it, the others take theirs, other records are untouched.
    @Test func fieldsSetTogetherAreSetAsOneByOne() {
        let tag = Array(#"id="H1" sex="F" name="x""#.utf8)
        let values: [(ContractField, Int, Int)] = [(.householdID, 4, 6), (.sex, 13, 14), (.name, 22, 23)]
        var together = HeldHousehold(file: "f.xml")
        var oneByOne = HeldHousehold(file: "f.xml")
        for held in [0, 1] {
            var household = held == 0 ? together : oneByOne
            household.beginRecord(line: 1, column: 1)
            household.beginRecord(line: 2, column: 1)
            let start = tag.withUnsafeBufferPointer { household.append($0) }
            #expect(start == 0)
            Array("kept".utf8).withUnsafeBufferPointer { household.setField(.sex, $0, record: 1) }
            if held == 0 {
                household.setFields(record: 1, count: values.count) { values[$0] }
                together = household
            } else {
                for (field, start, end) in values { household.setField(field, start: start, end: end, record: 1) }
                oneByOne = household
            }
        }
        for held in [together, oneByOne] {
            held.withRecords { records in
                #expect(records[1].nonEmpty(.householdID).map(Array.init) == Array("H1".utf8))
                #expect(records[1].nonEmpty(.sex).map(Array.init) == Array("kept".utf8))
                #expect(records[1].nonEmpty(.name).map(Array.init) == Array("x".utf8))
                #expect(records[0].nonEmpty(.householdID) == nil)
            }
        }
        func text(_ held: HeldHousehold) -> [String] {
            held.members[0].fields.map { "\($0.name)=\(String(decoding: $0.value, as: UTF8.self))" }
        }
        #expect(text(together) == ["name=x", "household_id=H1", "sex=kept"])
        #expect(text(together) == text(oneByOne))
    }

    @Test func aRecordLendsItsValuesAsFields() {
        let empty = RawRecord(kind: .member, location: SourceLocation(file: "m.csv", line: 2))
        empty.withFields { fields in
            for field in ContractField.allCases { #expect(fields.nonEmpty(field) == nil) }
        }
        var record = RawRecord(kind: .member, location: SourceLocation(file: "m.csv", line: 2))
        record.set(.name, [])
        record.set(.memberID, Array("11010519491231002X".utf8))
        record.withFields { fields in
            #expect(fields.nonEmpty(.name) == nil)
            #expect(fields.nonEmpty(.memberID).map(Array.init) == Array("11010519491231002X".utf8))
            #expect(fields.nonEmpty(.sex) == nil)
        }
    }

    // MARK: Held and record-based validation agree

    /// Seeded registries whose values are each, now and then, missing, empty, invalid, out of
    /// range, not in their enumeration, padded, written with a character reference or a line
    /// break (decoded values), or whose households repeat numbers and identity numbers, lack a
    /// head or members, or give `<income>` and `<measure>` after their members: the batch from
    /// the held path (the scanner, its result kept) equals libxml2's (records) in every
    /// rejection (rule, file, line, column, field, message), count, warning and column.
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func seededDefectsGiveTheSameBatchFromBothPaths(seed: UInt64) throws {
        var random = SeededBytes(seed: seed)
        let text = SeededRegistry.make(households: 80, random: &random)
        let result = try XMLScannerIngestTests.ingestBoth("52-2019-r1.registry.xml", Array(text.utf8))
        let gaveUp = Self.validateReporting(Array(text.utf8), cuts: []).gaveUp
        #expect(result.scannerKept, "seed \(seed): the scanner gave up (\(gaveUp)): the held path was not checked")
        #expect(result.scanner.counts.householdsRejected > 0 && result.scanner.counts.householdsRejected < 80)
        #expect(result.scanner.rejections.count > 10, "seed \(seed)")
        let rules = Set(result.scanner.rejections.map(\.rule.rawValue))
        #expect(rules.count >= 15, "seed \(seed): \(rules.sorted())")
        #expect(!result.scanner.warnings.isEmpty)
    }

    /// The validator fed by the scanner with the document cut in two at every offset gives the
    /// batch of the whole document: a household's tags are held across the cut.
    @Test func cutsAtEveryOffsetGiveTheSameBatch() throws {
        var random = SeededBytes(seed: 42)
        let bytes = Array(SeededRegistry.make(households: 6, random: &random).utf8)
        let whole = try #require(Self.validate(bytes, cuts: []))
        #expect(whole.counts.householdsReceived == 6)
        #expect(!whole.rejections.isEmpty)
        for cut in 0...bytes.count {
            let batch = try #require(Self.validate(bytes, cuts: [cut]), "cut at \(cut): the scanner gave up")
            XMLScannerIngestTests.expectSame(batch, whole, sourceLocation: #_sourceLocation)
        }
        for chunk in [1, 2, 3, 5, 64, 333] {
            let cuts = Array(stride(from: chunk, to: bytes.count, by: chunk))
            let batch = try #require(Self.validate(bytes, cuts: cuts), "chunks of \(chunk): the scanner gave up")
            XMLScannerIngestTests.expectSame(batch, whole, sourceLocation: #_sourceLocation)
        }
    }

    /// Scanner → validator over `bytes` in pieces cut at `cuts`; nil when the scanner gives up.
    static func validate(_ bytes: [UInt8], cuts: [Int]) -> SubmissionBatch? {
        validateReporting(bytes, cuts: cuts).batch
    }

    static func validateReporting(_ bytes: [UInt8], cuts: [Int]) -> (batch: SubmissionBatch?, gaveUp: String) {
        var validator = SubmissionValidator(
            key: Fixtures.key, format: .xml, files: [XMLTestInput.file], contentHash: "0",
            options: SubmissionValidator.Options(maxRejectedHouseholdPct: 100, pseudonymizer: Fixtures.pseudonymizer))
        let reader = XMLRegistryFastReader(file: XMLTestInput.file)
        var start = 0
        bytes.withUnsafeBytes { buffer in
            for end in cuts + [bytes.count] where end >= start {
                reader.consume(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), into: &validator)
                start = end
            }
        }
        reader.finish(into: &validator)
        return reader.hasGivenUp ? (nil, reader.giveUpReason) : (validator.finish(), "")
    }
}

/// The seeded choices of `SeededRegistry`, over the suite's `SplitMix64` (TestSupport.swift).
typealias SeededBytes = SplitMix64

extension SplitMix64 {
    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { Int(next() % 100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
}

/// A registry for province 52, 2019, whose values are seeded and often defective.
enum SeededRegistry {
    /// A value as written, or nil to leave the attribute out.
    static func value(_ good: String, _ bad: [String], random: inout SeededBytes) -> String? {
        guard random.chance(3) else { return good }
        switch random.next() % 6 {
        case 0: return nil
        case 1: return ""
        case 2: return " " + good
        case 3:
            // A character reference for the first character (decoded: the same value), or a TAB.
            return random.chance(50)
                ? "&#x\(String(good.unicodeScalars.first?.value ?? 0x41, radix: 16));" + good.dropFirst()
                : good + "&#9;"
        default: return random.pick(bad)
        }
    }

    static func attributes(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { #"\#(name)="\#($0)""# } }.joined(separator: " ")
    }

    static func make(households: Int, random: inout SeededBytes) -> String {
        var identities: [String] = []
        var householdIDs: [String] = []
        var lines: [String] = []
        for index in 0..<households {
            let id =
                !householdIDs.isEmpty && random.chance(4)
                ? random.pick(householdIDs) : "H\(index)-\(random.next() % 1000)"
            householdIDs.append(id)
            let status = random.pick(["poor", "exited", "returned", "removed"])
            let exitYear: String? =
                status == "exited" || status == "returned"
                ? (random.chance(90) ? "2018" : nil)
                : (random.chance(5) ? "2017" : nil)
            let household = attributes([
                ("id", value(id, ["H 1", "toolong-toolong-toolong-toolong-x", "H_1"], random: &random)),
                ("registered", value("2015", ["2013", "2020", "20a5", "99999999999999999999"], random: &random)),
                ("category", value("general", ["General", "poor"], random: &random)),
                ("cause", value(random.pick(["illness", "disability", "other"]), ["sick"], random: &random)),
                ("status", value(status, ["gone"], random: &random)),
                ("exit-year", exitYear.flatMap { value($0, ["2012", "x"], random: &random) }),
                ("housing-grade", value("B", ["E", "b"], random: &random)),
                ("safe-water", value("true", ["1", "yes", "True"], random: &random)),
                ("food-clothing", value("false", ["0"], random: &random)),
                ("colour", random.chance(5) ? "red" : nil),
            ])
            let income =
                "<income "
                + attributes([
                    ("wage", value("5000", ["-1", "5,000", "1e3", "10000000"], random: &random)),
                    ("operating", value("-100.5", ["--1", "1.234"], random: &random)),
                    ("property", value("0", ["-0.01"], random: &random)),
                    ("transfer", value("2000.25", ["abc"], random: &random)),
                    ("operating-cost", value("300", ["-3"], random: &random)),
                ]) + "/>"
            let measures = (0..<Int(random.next() % 3)).map { _ in
                "<measure>" + random.pick(["health", "education", "industry", "flying", "health"]) + "</measure>"
            }.joined()
            var members: [String] = []
            let memberCount = random.chance(5) ? 0 : 1 + Int(random.next() % 4)
            for position in 0..<memberCount {
                let isMale = random.chance(50)
                let birth = "19\(60 + random.next() % 40)-0\(1 + random.next() % 9)-1\(random.next() % 9)"
                let compact = birth.replacingOccurrences(of: "-", with: "")
                var identity = Fixtures.identity(
                    birth: compact, sequence: Int(random.next() % 49) * 2 + (isMale ? 1 : 0) + 10)
                if !identities.isEmpty && random.chance(4) { identity = random.pick(identities) }
                identities.append(identity)
                let wrongCheck = String(identity.dropLast()) + (identity.last == "0" ? "1" : "0")
                members.append(
                    "<member "
                        + attributes([
                            (
                                "id",
                                value(
                                    identity, [wrongCheck, "12345", String(identity.prefix(6)) + "19991340" + "0011"],
                                    random: &random)
                            ),
                            ("name", value("张三", [String(repeating: "李", count: 70)], random: &random)),
                            (
                                "relation",
                                value(position == 0 || random.chance(5) ? "head" : "child", ["boss"], random: &random)
                            ),
                            ("sex", value(isMale ? "M" : "F", [isMale ? "F" : "M", "X"], random: &random)),
                            ("birth", value(birth, ["1980-02-30", "2020-01-01", "80-01-01"], random: &random)),
                            ("education", value("primary", ["none"], random: &random)),
                            ("schooling", value("not_in_school", ["away"], random: &random)),
                            ("health", value("healthy", ["ill"], random: &random)),
                            ("labor", value("ordinary", ["strong"], random: &random)),
                            ("medical-insured", value("true", ["1"], random: &random)),
                            ("serious-illness-insured", value("false", ["no"], random: &random)),
                            ("pension-insured", value("true", ["true "], random: &random)),
                        ]) + "/>")
            }
            // `<income>` and `<measure>` may follow the members: a household's fields are complete
            // only at `</household>`.
            let children = random.chance(10) ? members + [income, measures] : [income, measures] + members
            let separator = random.chance(30) ? "" : "\n        "
            lines.append(
                "      <household \(household)>" + separator + children.joined(separator: separator) + "</household>")
        }
        // The document frame (root, county, village) of the scanner's other tests.
        return XMLScannerIngestTests.registry(households: lines)
    }
}
