import JingzhunCore

/// The non-empty field values of a raw record, by contract field name (empty = missing).
struct FieldValues {
    private let fields: [(name: String, value: [UInt8])]
    init(_ record: RawRecord) { fields = record.fields }
    /// The value of `name`, or nil when the field is absent or empty (submissions.md: empty = missing).
    func value(_ name: String) -> [UInt8]? {
        for field in fields where field.name == name { return field.value.isEmpty ? nil : field.value }
        return nil
    }
}

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
    let location: SourceLocation
    private(set) var failures: [Failure] = []
    private(set) var passed: [RuleCode] = []
    var isAccepted: Bool { failures.isEmpty }

    init(location: SourceLocation) { self.location = location }

    mutating func fail(_ rule: RuleCode, field: String?, _ message: String) {
        failures.append(Failure(rule: rule, field: field, message: message))
    }

    /// Counts `rules` as passed (for checks that cannot fail once reached, e.g. CSV syntax).
    mutating func pass(_ rules: RuleCode..., when condition: Bool) {
        if condition { passed.append(contentsOf: rules) }
    }

    /// Counts each of `rules` as passed unless the record failed it.
    mutating func applicable(_ rules: RuleCode...) {
        for rule in rules where !failures.contains(where: { $0.rule == rule }) { passed.append(rule) }
    }

    mutating func integer(
        _ fields: FieldValues, _ name: String, missing: RuleCode, invalid: RuleCode, range: RuleCode,
        allowed: ClosedRange<Int64>, rangeText: String
    ) -> Int64? {
        guard let bytes = fields.value(name) else {
            fail(missing, field: name, "\(name) is missing")
            return nil
        }
        switch ValueSyntax.integer(bytes) {
        case .value(let value) where allowed.contains(value):
            return value
        case .value, .outOfRange:
            fail(range, field: name, "\(name) \(MessageText.quoted(bytes)) is out of range: \(rangeText)")
        case .invalid:
            fail(invalid, field: name, "\(name) \(MessageText.quoted(bytes)) is not an integer (ASCII digits only)")
        }
        return nil
    }

    /// A decimal in fen; `minimumFen` nil means any sign. |value| < 10,000,000 always.
    mutating func decimal(
        _ fields: FieldValues, _ name: String, missing: RuleCode, invalid: RuleCode, range: RuleCode,
        minimumFen: Int64?, rangeText: String
    ) -> Int64? {
        guard let bytes = fields.value(name) else {
            fail(missing, field: name, "\(name) is missing")
            return nil
        }
        switch ValueSyntax.decimalFen(bytes) {
        case .value(let fen):
            if let minimumFen, fen < minimumFen {
                fail(range, field: name, "\(name) \(MessageText.quoted(bytes)) is out of range: \(rangeText)")
                return nil
            }
            return fen
        case .outOfRange:
            fail(range, field: name, "\(name) \(MessageText.quoted(bytes)) is out of range: |value| must be < 10,000,000")
        case .invalid:
            fail(
                invalid, field: name,
                "\(name) \(MessageText.quoted(bytes)) is not a decimal (optional -, digits, optional . and 1-2 digits)")
        }
        return nil
    }

    mutating func boolean(_ fields: FieldValues, _ name: String, isCSV: Bool, missing: RuleCode, invalid: RuleCode) -> Bool? {
        guard let bytes = fields.value(name) else {
            fail(missing, field: name, "\(name) is missing")
            return nil
        }
        if let value = ValueSyntax.boolean(bytes, isCSV: isCSV) { return value }
        fail(invalid, field: name, "\(name) \(MessageText.quoted(bytes)) is not a boolean (\(isCSV ? "1 or 0" : "true or false"))")
        return nil
    }

    mutating func enumeration<E: ContractEnumeration>(
        _ fields: FieldValues, _ name: String, table: CodeTable<E>, missing: RuleCode, invalid: RuleCode
    ) -> E? {
        guard let bytes = fields.value(name) else {
            fail(missing, field: name, "\(name) is missing")
            return nil
        }
        if let value = table.parse(bytes) { return value }
        fail(
            invalid, field: name,
            "\(name) \(MessageText.quoted(bytes)) is not one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    /// Text ≤ 64 code points. Personal text (member names) is checked but never shown.
    mutating func text(_ fields: FieldValues, _ name: String, missing: RuleCode, invalid: RuleCode, isPersonal: Bool) -> [UInt8]? {
        guard let bytes = fields.value(name) else {
            fail(missing, field: name, "\(name) is missing")
            return nil
        }
        guard let problem = ValueSyntax.textProblem(bytes) else { return bytes }
        let shown = isPersonal ? name : "\(name) \(MessageText.quoted(bytes))"
        switch problem {
        case .invalidUTF8: fail(invalid, field: name, "\(shown) is not valid UTF-8")
        case .surroundingWhitespace: fail(invalid, field: name, "\(shown) has surrounding whitespace")
        case .tooLong(let codePoints):
            fail(invalid, field: name, "\(shown) is \(codePoints) characters long, more than \(ValueSyntax.maxTextCodePoints)")
        }
        return nil
    }
}

/// Pass counts per rule in a flat array indexed by the code itself (scope letter, number), so
/// counting on the hot path hashes nothing; `dictionary` gives `SubmissionCounts.passes`.
struct RulePassCounter {
    private static let scopes: [UInt8] = Array("FRCVHMW".utf8)
    private static let perScope = 100
    private var counts = [Int](repeating: 0, count: scopes.count * perScope)

    private static func slot(_ rule: RuleCode) -> Int {
        // Raw values are one scope letter and three digits (RuleCode.swift); read them without allocating.
        var bytes = rule.rawValue.utf8.makeIterator()
        let letter = bytes.next() ?? 0
        var number = 0
        while let digit = bytes.next() { number = number * 10 + Int(digit) - 48 }
        let scope = scopes.firstIndex(of: letter) ?? 0
        precondition(number < perScope, "rule code \(rule.rawValue) beyond the counter's range")
        return scope * perScope + number
    }

    mutating func add(_ rule: RuleCode) { counts[Self.slot(rule)] += 1 }

    var dictionary: [RuleCode: Int] {
        var result: [RuleCode: Int] = [:]
        for rule in RuleCode.allCases where counts[Self.slot(rule)] > 0 { result[rule] = counts[Self.slot(rule)] }
        return result
    }
}
