/// Where a record or a problem came from: file (inbox-relative name), physical line, optional column.
///
/// Lines are 1-based physical lines of the (inflated) file; 0 means "the file as a whole".
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public init(file: String, line: Int = 0, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column ?? 0) < (b.file, b.line, b.column ?? 0)
    }
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// A rejected record (or a rejected submission): data, not a thrown error.
///
/// house-style §3.3: rejections are collected, stored in the `rejections` table and counted.
/// `message` names the field and the offending value; personal values enter it only masked.
public struct Rejection: Hashable, Sendable {
    public var rule: RuleCode
    public var location: SourceLocation
    /// Household number of the rejected household, when known.
    public var householdID: String?
    /// The contract's field name (CSV column name), when the rule is about one field.
    public var field: String?
    public var message: String
    public init(
        rule: RuleCode, location: SourceLocation, householdID: String? = nil, field: String? = nil, message: String
    ) {
        self.rule = rule
        self.location = location
        self.householdID = householdID
        self.field = field
        self.message = message
    }
}

/// A warning or notice kept with the submission (unknown column, cross-province duplicate, …).
public struct Diagnostic: Hashable, Sendable {
    public var rule: RuleCode
    public var location: SourceLocation
    public var message: String
    public init(rule: RuleCode, location: SourceLocation, message: String) {
        self.rule = rule
        self.location = location
        self.message = message
    }
}

/// A personal value (name, identity number) that may only be shown masked.
///
/// Privacy by type: `description` never returns the clear value.
public struct Redacted: Sendable, Hashable, CustomStringConvertible {
    private let masked: String
    public init(identityNumber bytes: some Collection<UInt8>) { masked = IdentityNumber.masked(bytes) }
    public init(name _: some Collection<UInt8>) { masked = "«name withheld»" }
    public var description: String { masked }
}
