import JingzhunCatalogue
import JingzhunCore

/// A compiled expression: SQL text with the type it has.
enum SQLValue {
    case boolean(String)
    case numeric(SQLRowValue)
    case text(String)
    case date(String)
    /// The literal `null`, typed by its use.
    case null

    var sqlForNull: String { "NULL" }
}

/// Compiles catalogue expressions (catalogue.md §Expressions) over one entity's rows to SQL.
///
/// Numbers stay exact: an integer column, money in fen over 100, a decimal over 10^k; a
/// division keeps numerator and denominator apart (the denominator positive, or NULL for a
/// division by zero), so `pcni > poverty_line` compares `net · 100 > line · 100 · size` in
/// integers, never a rounded quotient. Null propagates as in SQL; `if` on a null condition takes
/// the else branch; `min`, `max` of a null are null.
struct RowExpressionCompiler {
    let entity: Entity
    let reference: SQLReference

    func compile(_ expr: Expr) throws(SQLError) -> SQLValue {
        switch expr.node {
        case .literal(let literal):
            switch literal {
            case .integer(let value): return .numeric(.integer(String(value)))
            case .decimal(let value):
                var denominator: Int64 = 1
                for _ in 0..<value.scale { denominator *= 10 }
                return .numeric(SQLRowValue(String(value.significand), .exact(denominator: denominator)))
            case .text(let value): return .text(SQLText.string(value))
            case .boolean(let value): return .boolean(value ? "TRUE" : "FALSE")
            case .null: return .null
            }
        case .name(let name):
            if let field = entity.field(name) { return column(field, owner: fieldOwner(name), name: fieldName(name)) }
            if let parameter = Parameter(rawValue: name) { return self.parameter(parameter) }
            throw SQLError(
                .unchecked, "\(expr.location): '\(name)' is not a field of \(entity.rawValue) or a parameter")
        case .field(let owner, let name):
            guard let field = owner.field(name) else {
                throw SQLError(.unchecked, "\(expr.location): unknown field '\(name)' of \(owner.rawValue)")
            }
            return column(field, owner: owner == entity ? nil : owner, name: name)
        case .parameter(let parameter): return self.parameter(parameter)
        case .indicator(let id), .previous(let id):
            throw SQLError(
                .unchecked,
                "\(expr.location): indicator '\(id)' used over rows of \(entity.rawValue); only formulas read "
                    + "indicators"
            )
        case .unary(let op, let operand):
            let value = try compile(operand)
            switch op {
            case .not: return .boolean("(NOT \(try boolean(value, at: expr)))")
            case .negate:
                let number = try numeric(value, at: expr)
                return .numeric(SQLRowValue("(-(\(number.numerator)))", number.form))
            }
        case .binary(let op, let left, let right):
            let a = try compile(left)
            let b = try compile(right)
            if op.isLogical {
                let keyword = op == .and ? "AND" : "OR"
                return .boolean("(\(try boolean(a, at: left)) \(keyword) \(try boolean(b, at: right)))")
            }
            if op.isComparison { return .boolean(try compare(a, op, b, at: expr)) }
            return .numeric(SQLArithmetic.combine(try numeric(a, at: left), op, try numeric(b, at: right)))
        case .inList(let subject, let list, let negated):
            let value = try compile(subject)
            var terms: [String] = []
            for item in list { terms.append(try compare(value, .equal, try compile(item), at: item)) }
            let any = "(" + terms.joined(separator: " OR ") + ")"
            return .boolean(negated ? "(NOT \(any))" : any)
        case .isNull(let subject, let negated):
            let test = isNull(try compile(subject))
            return .boolean(negated ? "(NOT \(test))" : test)
        case .call(let function, let arguments):
            return try call(function, arguments, at: expr)
        }
    }

    // MARK: - Fields and parameters

    /// `household.F` in a member expression names the household's F.
    private func fieldOwner(_ name: String) -> Entity? {
        entity == .member && name.hasPrefix(FieldTable.householdPrefix) ? .household : nil
    }

    private func fieldName(_ name: String) -> String {
        fieldOwner(name) == nil ? name : String(name.dropFirst(FieldTable.householdPrefix.count))
    }

    /// The column of `field` in the entity's view; `owner` is `.household` for a member's `household.F`.
    private func column(_ field: FieldSpec, owner: Entity?, name: String) -> SQLValue {
        let prefix = owner == .household && entity == .member ? "household_" : ""
        if name == "pcni" {
            return .numeric(
                SQLRowValue("\(prefix)net_income", .quotient(denominator: "NULLIF(100 * \(prefix)size, 0)")))
        }
        switch field.type {
        case .boolean: return .boolean(prefix + name)
        case .integer: return .numeric(.integer(prefix + name))
        case .money:
            // Stored money gets a `_fen` column; derived money (net_income) is in fen already.
            let stored = SQLEntityViews.moneyFields.contains(name) || name == "rural_income"
            return .numeric(.fen(prefix + (stored ? SQLEntityViews.fenColumn(name) : name)))
        case .number: return .numeric(SQLRowValue("CAST(\(prefix + name) AS DOUBLE)", .double))
        case .date: return .date(prefix + name)
        default: return .text(prefix + name)  // text (no field has the type of the literal null)
        }
    }

    func parameter(_ parameter: Parameter) -> SQLValue {
        switch parameter {
        case .year: .numeric(.integer("year"))
        case .exitThresholdPct: .numeric(.integer("exit_threshold_pct"))
        case .povertyLine: .numeric(SQLRowValue("poverty_line", .exact(denominator: reference.lineDenominator)))
        case .nationalRuralIncome:
            .numeric(SQLRowValue("national_rural_income", .exact(denominator: reference.incomeDenominator)))
        case .previousNationalRuralIncome:
            .numeric(SQLRowValue("prev_national_rural_income", .exact(denominator: reference.incomeDenominator)))
        }
    }

    // MARK: - Types

    func boolean(_ value: SQLValue, at expr: Expr) throws(SQLError) -> String {
        switch value {
        case .boolean(let sql): return sql
        case .null: return "CAST(NULL AS BOOLEAN)"
        default: throw SQLError(.unchecked, "\(expr.location): expected a condition (true or false)")
        }
    }

    func numeric(_ value: SQLValue, at expr: Expr) throws(SQLError) -> SQLRowValue {
        switch value {
        case .numeric(let number): return number
        case .null: return .integer("CAST(NULL AS BIGINT)")
        case .boolean(let sql):
            // Booleans count as integers (true 1, false 0, null stays null).
            return .integer("(CASE WHEN \(sql) THEN 1 WHEN NOT \(sql) THEN 0 END)")
        default: throw SQLError(.unchecked, "\(expr.location): expected a number")
        }
    }

    func isNull(_ value: SQLValue) -> String {
        switch value {
        case .null: return "TRUE"
        case .boolean(let sql), .text(let sql), .date(let sql): return "(\(sql) IS NULL)"
        case .numeric(let number):
            if case .quotient(let denominator) = number.form {
                return "(\(number.numerator) IS NULL OR \(denominator) IS NULL)"
            }
            return "(\(number.numerator) IS NULL)"
        }
    }

    private func compare(_ a: SQLValue, _ op: BinaryOperator, _ b: SQLValue, at expr: Expr) throws(SQLError) -> String {
        let symbol = op.rawValue
        switch (a, b) {
        case (.null, _), (_, .null): return "CAST(NULL AS BOOLEAN)"
        case (.text(let x), .text(let y)), (.date(let x), .date(let y)), (.boolean(let x), .boolean(let y)):
            return "(\(x) \(symbol) \(y))"
        case (.numeric(let x), .numeric(let y)): return SQLArithmetic.compare(x, symbol, y)
        case (.boolean, .numeric), (.numeric, .boolean):
            return SQLArithmetic.compare(try numeric(a, at: expr), symbol, try numeric(b, at: expr))
        default: throw SQLError(.unchecked, "\(expr.location): cannot compare values of different types")
        }
    }

    private func call(_ function: Function, _ arguments: [Expr], at expr: Expr) throws(SQLError) -> SQLValue {
        guard arguments.count == function.arity else {
            throw SQLError(.unchecked, "\(expr.location): \(function.rawValue) takes \(function.arity) arguments")
        }
        switch function {
        case .prev: throw SQLError(.unchecked, "\(expr.location): prev() is only for formulas")
        case .abs:
            let x = try numeric(try compile(arguments[0]), at: arguments[0])
            return .numeric(SQLRowValue("ABS(\(x.numerator))", x.form))
        case .if:
            let condition = try boolean(try compile(arguments[0]), at: arguments[0])
            return try choose(condition, try compile(arguments[1]), try compile(arguments[2]), at: expr)
        case .min, .max:
            let a = try compile(arguments[0])
            let b = try compile(arguments[1])
            let condition = "(\(isNull(a)) OR \(isNull(b)))"
            let first = try compare(a, function == .min ? .lessOrEqual : .greaterOrEqual, b, at: expr)
            return try choose(condition, .null, try choose(first, a, b, at: expr), at: expr)
        }
    }

    /// CASE WHEN condition THEN a ELSE b END, with both branches brought to one form.
    private func choose(_ condition: String, _ a: SQLValue, _ b: SQLValue, at expr: Expr) throws(SQLError) -> SQLValue {
        let isBoolean: Bool = {
            if case .boolean = a { return true }
            if case .boolean = b { return true }
            return false
        }()
        switch (a, b) {
        case (.null, .null): return .null
        case _ where isBoolean && !isNumeric(a) && !isNumeric(b):
            return .boolean(
                "(CASE WHEN \(condition) THEN \(try boolean(a, at: expr)) ELSE \(try boolean(b, at: expr)) END)")
        case (.text(let x), .text(let y)), (.date(let x), .date(let y)):
            return .text("(CASE WHEN \(condition) THEN \(x) ELSE \(y) END)")
        case (.text(let x), .null): return .text("(CASE WHEN \(condition) THEN \(x) END)")
        case (.null, .text(let y)): return .text("(CASE WHEN \(condition) THEN NULL ELSE \(y) END)")
        default:
            return .numeric(SQLArithmetic.choose(condition, try numeric(a, at: expr), try numeric(b, at: expr)))
        }
    }

    private func isNumeric(_ value: SQLValue) -> Bool {
        if case .numeric = value { return true }
        return false
    }
}

/// Exact arithmetic on `SQLRowValue`s.
enum SQLArithmetic {
    /// Constant denominators beyond this become DOUBLE (products of many decimals).
    static let largestDenominator: Int64 = 1_000_000_000_000
    /// 2^53: integers up to this are exact in a DOUBLE.
    static let largestExactDouble: Int64 = 1 << 53

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// The denominator as SQL.
    static func denominatorSQL(_ value: SQLRowValue) -> String? {
        switch value.form {
        case .exact(let denominator): String(denominator)
        case .quotient(let denominator): denominator
        case .double: nil
        }
    }

    /// `x * k` without writing `* 1`.
    static func times(_ sql: String, _ factor: String) -> String { factor == "1" ? sql : "(\(sql) * \(factor))" }

    static func combine(_ a: SQLRowValue, _ op: BinaryOperator, _ b: SQLRowValue) -> SQLRowValue {
        switch (a.form, b.form) {
        case (.double, _), (_, .double):
            let x = a.doubleSQL
            let y = b.doubleSQL
            switch op {
            case .divide: return SQLRowValue("\(x) / NULLIF(\(y), 0)", .double)
            default: return SQLRowValue("(\(x) \(op.rawValue) \(y))", .double)
            }
        case (.exact(let da), .exact(let db)) where op == .add || op == .subtract:
            let common = da / gcd(da, db) * db
            guard common <= largestDenominator else { return combine(asDouble(a), op, b) }
            return SQLRowValue(
                "(\(times(a.numerator, String(common / da))) \(op.rawValue) "
                    + "\(times(b.numerator, String(common / db))))",
                .exact(denominator: common))
        case (.exact(let da), .exact(let db)) where op == .multiply:
            let (product, overflow) = da.multipliedReportingOverflow(by: db)
            guard !overflow, product <= largestDenominator else { return combine(asDouble(a), op, b) }
            return SQLRowValue("(\(a.numerator) * \(b.numerator))", .exact(denominator: product))
        default:
            // Any form with a divisor: numerator and denominator as SQL.
            let da = denominatorSQL(a) ?? "1"
            let db = denominatorSQL(b) ?? "1"
            switch op {
            case .add, .subtract:
                return SQLRowValue(
                    "(\(times(a.numerator, db)) \(op.rawValue) \(times(b.numerator, da)))",
                    .quotient(denominator: times(da, db)))
            case .multiply:
                return SQLRowValue("(\(a.numerator) * \(b.numerator))", .quotient(denominator: times(da, db)))
            case .divide:
                // a / b = (na · db) / (da · nb), the sign moved to the numerator so the
                // denominator stays positive; 0 becomes NULL (division by zero is null).
                let numerator = times(a.numerator, db)
                return SQLRowValue(
                    "(CASE WHEN \(b.numerator) < 0 THEN -(\(numerator)) ELSE \(numerator) END)",
                    .quotient(denominator: "NULLIF(\(times("ABS(\(b.numerator))", da)), 0)"))
            default:
                preconditionFailure("\(op) is not arithmetic")
            }
        }
    }

    static func asDouble(_ value: SQLRowValue) -> SQLRowValue { SQLRowValue(value.doubleSQL, .double) }

    /// `a op b`, exact unless either is DOUBLE: cross-multiplied by the positive denominators.
    static func compare(_ a: SQLRowValue, _ symbol: String, _ b: SQLRowValue) -> String {
        switch (a.form, b.form) {
        case (.double, _), (_, .double): return "(\(a.doubleSQL) \(symbol) \(b.doubleSQL))"
        case (.exact(let da), .exact(let db)):
            let common = da / gcd(da, db) * db
            return "(\(times(a.numerator, String(common / da))) \(symbol) \(times(b.numerator, String(common / db))))"
        default:
            let da = denominatorSQL(a) ?? "1"
            let db = denominatorSQL(b) ?? "1"
            return "(\(times(a.numerator, db)) \(symbol) \(times(b.numerator, da)))"
        }
    }

    /// CASE WHEN condition THEN a ELSE b END for numbers.
    static func choose(_ condition: String, _ a: SQLRowValue, _ b: SQLRowValue) -> SQLRowValue {
        switch (a.form, b.form) {
        case (.double, _), (_, .double):
            return SQLRowValue("(CASE WHEN \(condition) THEN \(a.doubleSQL) ELSE \(b.doubleSQL) END)", .double)
        case (.exact(let da), .exact(let db)):
            let common = da / gcd(da, db) * db
            return SQLRowValue(
                "(CASE WHEN \(condition) THEN \(times(a.numerator, String(common / da))) ELSE "
                    + "\(times(b.numerator, String(common / db))) END)",
                .exact(denominator: common))
        default:
            let da = denominatorSQL(a) ?? "1"
            let db = denominatorSQL(b) ?? "1"
            return SQLRowValue(
                "(CASE WHEN \(condition) THEN \(a.numerator) ELSE \(b.numerator) END)",
                .quotient(denominator: "(CASE WHEN \(condition) THEN \(da) ELSE \(db) END)"))
        }
    }
}
