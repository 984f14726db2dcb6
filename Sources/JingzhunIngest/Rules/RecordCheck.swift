import JingzhunCore

// The checks read a record's values in place (`RecordFields`): a wrapper holding a copy of the
// record, and then slices of its storage, cost a retain and a release per value read (issue 20).

/// Collects the failures and passes of one record while its fields are checked.
///
/// Every check runs (a record's failures are all reported, not only the first); messages name
/// the field and show the value through `MessageText.quoted` (never for personal fields).
struct RecordCheck {
    struct Failure {
        var rule: RuleCode
        var field: String?
        var message: String
    }
    /// The record's line and column. Its file is given where a failure becomes a rejection
    /// (`SubmissionValidator.finish`), so that checking a record retains no file name: a
    /// `SourceLocation` per member cost a retain and a release of it (≈ 2 % of XML ingest, issue 20).
    let line: Int
    let column: Int?
    private(set) var failures: [Failure] = []
    /// Rules failed and passed, one bit per `RuleCode.position` (no allocation per record).
    private var failedRules: UInt128 = 0
    private(set) var passedRules: UInt128 = 0
    var isAccepted: Bool { failures.isEmpty }

    /// A member row: values are quoted with `MessageText.quoted(_:personalRow:)`.
    let isPersonalRow: Bool

    init(line: Int, column: Int?, isPersonalRow: Bool = false) {
        self.line = line
        self.column = column
        self.isPersonalRow = isPersonalRow
    }

    mutating func fail(_ rule: RuleCode, field: String?, _ message: String) {
        failures.append(Failure(rule: rule, field: field, message: message))
        failedRules |= 1 << UInt128(rule.position)
    }

    /// "<field> is missing". Field names are looked up only on a failure: the checks below run
    /// for every field of every record, and most pass (issue 20).
    private mutating func failMissing(_ field: ContractField, _ rule: RuleCode) {
        let name = field.name
        fail(rule, field: name, "\(name) is missing")
    }

    /// The rules a CSV record's syntax passes when it has no defect (XML has none of them).
    private static let csvSyntaxRules = RuleSet(
        .raggedRow, .unterminatedQuote, .invalidUTF8, .nulByte, .recordTooLong, .malformedQuote)

    /// A submitted value as messages show it (see `MessageText.quoted(_:personalRow:)`).
    private func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        MessageText.quoted(bytes, personalRow: isPersonalRow)
    }

    /// A CSV syntax defect (R001-R006) fails the record with that rule alone (its fields are
    /// unreliable); a sound CSV record passes those rules (XML has none: the document is rejected
    /// instead). Returns whether the fields may be checked.
    mutating func syntaxIsSound(_ defect: Rejection?, isCSV: Bool) -> Bool {
        if let defect {
            fail(defect.rule, field: defect.field, defect.message)
            return false
        }
        if isCSV { passedRules |= Self.csvSyntaxRules.bits }
        return true
    }

    /// Counts each of `rules` as passed unless the record failed it.
    mutating func applicable(_ rules: RuleSet) {
        passedRules |= rules.bits & ~failedRules
    }

    mutating func integer(
        _ record: RecordFields, _ field: ContractField, missing: RuleCode, invalid: RuleCode, range: RuleCode,
        allowed: ClosedRange<Int64>, rangeText: @autoclosure () -> String
    ) -> Int64? {
        guard let bytes = record.nonEmpty(field) else {
            failMissing(field, missing)
            return nil
        }
        switch ValueSyntax.integer(bytes) {
        case .value(let value) where allowed.contains(value):
            return value
        case .value, .outOfRange:
            let name = field.name
            fail(range, field: name, "\(name) \(quoted(bytes)) is out of range: \(rangeText())")
        case .invalid:
            let name = field.name
            fail(invalid, field: name, "\(name) \(quoted(bytes)) is not an integer (ASCII digits only)")
        }
        return nil
    }

    /// A decimal in fen; `minimumFen` nil means any sign. |value| < 10,000,000 always.
    mutating func decimal(
        _ record: RecordFields, _ field: ContractField, missing: RuleCode, invalid: RuleCode, range: RuleCode,
        minimumFen: Int64?, rangeText: @autoclosure () -> String
    ) -> Int64? {
        guard let bytes = record.nonEmpty(field) else {
            failMissing(field, missing)
            return nil
        }
        let name: String
        switch ValueSyntax.decimalFen(bytes) {
        case .value(let fen):
            if let minimumFen, fen < minimumFen {
                name = field.name
                fail(range, field: name, "\(name) \(quoted(bytes)) is out of range: \(rangeText())")
                return nil
            }
            return fen
        case .outOfRange:
            name = field.name
            fail(range, field: name, "\(name) \(quoted(bytes)) is out of range: |value| must be < 10,000,000")
        case .invalid:
            name = field.name
            fail(
                invalid, field: name,
                "\(name) \(quoted(bytes)) is not a decimal (optional -, digits, optional . and 1-2 digits)")
        }
        return nil
    }

    mutating func boolean(
        _ record: RecordFields, _ field: ContractField, isCSV: Bool, missing: RuleCode, invalid: RuleCode
    ) -> Bool? {
        guard let bytes = record.nonEmpty(field) else {
            failMissing(field, missing)
            return nil
        }
        if let value = ValueSyntax.boolean(bytes, isCSV: isCSV) { return value }
        let name = field.name
        fail(invalid, field: name, "\(name) \(quoted(bytes)) is not a boolean (\(isCSV ? "1 or 0" : "true or false"))")
        return nil
    }

    mutating func enumeration<E: ContractEnumeration>(
        _ record: RecordFields, _ field: ContractField, table: CodeTable<E>, missing: RuleCode, invalid: RuleCode
    ) -> E? {
        guard let bytes = record.nonEmpty(field) else {
            failMissing(field, missing)
            return nil
        }
        if let value = table.parse(bytes) { return value }
        let name = field.name
        fail(
            invalid, field: name,
            "\(name) \(quoted(bytes)) is not one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    /// Text ≤ 64 code points. Personal text (member names) is checked but never shown.
    mutating func text(
        _ record: RecordFields, _ field: ContractField, missing: RuleCode, invalid: RuleCode, isPersonal: Bool
    ) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = record.nonEmpty(field) else {
            failMissing(field, missing)
            return nil
        }
        guard let problem = ValueSyntax.textProblem(bytes) else { return bytes }
        let name = field.name
        let shown = isPersonal ? name : "\(name) \(quoted(bytes))"
        switch problem {
        case .invalidUTF8: fail(invalid, field: name, "\(shown) is not valid UTF-8")
        case .surroundingWhitespace: fail(invalid, field: name, "\(shown) has surrounding whitespace")
        case .tooLong(let codePoints):
            fail(
                invalid, field: name,
                "\(shown) is \(codePoints) characters long, more than \(ValueSyntax.maxTextCodePoints)")
        }
        return nil
    }
}

/// Rules as one bit per `RuleCode.position`: the rules a kind of record is checked against, made
/// once (a variadic list per record built an array and walked it, 1 % of XML ingest, issue 20).
struct RuleSet {
    let bits: UInt128

    init(_ rules: RuleCode...) {
        bits = rules.reduce(0) { $0 | 1 << UInt128($1.position) }
    }

    private init(bits: UInt128) { self.bits = bits }

    /// These rules and `rule`.
    func adding(_ rule: RuleCode) -> RuleSet { RuleSet(bits: bits | 1 << UInt128(rule.position)) }
}

/// Pass counts per rule in a flat array indexed by `RuleCode.position`, so counting on the hot
/// path hashes nothing; `dictionary` gives `SubmissionCounts.passes`.
struct RulePassCounter {
    private var counts = [Int](repeating: 0, count: RuleCode.allCases.count)

    mutating func add(_ rule: RuleCode) { counts[rule.position] += 1 }

    /// Adds one pass for every rule whose bit is set (`RecordCheck.passedRules`).
    mutating func add(_ rules: UInt128) {
        var bits = rules
        while bits != 0 {
            counts[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
    }

    var dictionary: [RuleCode: Int] {
        var result: [RuleCode: Int] = [:]
        for rule in RuleCode.allCases where counts[rule.position] > 0 { result[rule] = counts[rule.position] }
        return result
    }
}
