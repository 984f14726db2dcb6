import JingzhunCatalogue

/// Compiles a formula (catalogue.md §Kinds, `formula`) to a DOUBLE expression over the values of
/// other indicators of the same area: `{id}` for this year, `{prev:id}` for year − 1, and the
/// parameters as the area's `param_*` columns. Indicators are doubles already (a value becomes a
/// double when its indicator is formed), so formulas compute in doubles, as the Swift engine does.
struct FormulaCompiler {
    enum Value {
        case number(String)
        case boolean(String)
        case null
    }

    func compile(_ expr: Expr) throws(SQLError) -> Value {
        switch expr.node {
        case .literal(let literal):
            switch literal {
            case .integer(let value): return .number("CAST(\(value) AS DOUBLE)")
            case .decimal(let value): return .number("CAST(\(SQLText.string(value.description)) AS DOUBLE)")
            case .boolean(let value): return .boolean(value ? "TRUE" : "FALSE")
            case .null: return .null
            case .text: throw SQLError(.unchecked, "\(expr.location): a formula computes a number, not text")
            }
        case .name(let name):
            if let parameter = Parameter(rawValue: name) { return self.parameter(parameter) }
            return .number("{\(name)}")
        case .indicator(let id): return .number("{\(id)}")
        case .previous(let id): return .number("{prev:\(id)}")
        case .parameter(let parameter): return self.parameter(parameter)
        case .field(_, let name):
            throw SQLError(
                .unchecked, "\(expr.location): field '\(name)' in a formula; formulas read indicators and parameters")
        case .unary(let op, let operand):
            let value = try compile(operand)
            switch op {
            case .not: return .boolean("(NOT \(try boolean(value, at: operand)))")
            case .negate: return .number("(-(\(try number(value, at: operand))))")
            }
        case .binary(let op, let left, let right):
            let a = try compile(left)
            let b = try compile(right)
            if op.isLogical {
                return .boolean(
                    "(\(try boolean(a, at: left)) \(op == .and ? "AND" : "OR") \(try boolean(b, at: right)))")
            }
            let x = try number(a, at: left)
            let y = try number(b, at: right)
            if op.isComparison { return .boolean("(\(x) \(op.rawValue) \(y))") }
            if op == .divide { return .number("(\(x) / NULLIF(\(y), 0))") }
            return .number("(\(x) \(op.rawValue) \(y))")
        case .inList(let subject, let list, let negated):
            let x = try number(try compile(subject), at: subject)
            var terms: [String] = []
            for item in list { terms.append("(\(x) = \(try number(try compile(item), at: item)))") }
            let any = "(" + terms.joined(separator: " OR ") + ")"
            return .boolean(negated ? "(NOT \(any))" : any)
        case .isNull(let subject, let negated):
            let value = try compile(subject)
            let sql: String
            switch value {
            case .null: sql = "TRUE"
            case .number(let x), .boolean(let x): sql = "(\(x) IS NULL)"
            }
            return .boolean(negated ? "(NOT \(sql))" : sql)
        case .call(let function, let arguments):
            switch function {
            case .prev:
                guard case .name(let id)? = arguments.first?.node else {
                    if case .indicator(let id)? = arguments.first?.node { return .number("{prev:\(id)}") }
                    throw SQLError(.unchecked, "\(expr.location): prev() takes an indicator id")
                }
                return .number("{prev:\(id)}")
            case .abs: return .number("ABS(\(try number(try compile(arguments[0]), at: arguments[0])))")
            case .if:
                let condition = try boolean(try compile(arguments[0]), at: arguments[0])
                let a = try compile(arguments[1])
                let b = try compile(arguments[2])
                if case .boolean = a, case .boolean = b {
                    return .boolean(
                        "(CASE WHEN \(condition) THEN \(try boolean(a, at: expr)) ELSE \(try boolean(b, at: expr)) END)"
                    )
                }
                return .number(
                    "(CASE WHEN \(condition) THEN \(try number(a, at: expr)) ELSE \(try number(b, at: expr)) END)")
            case .min, .max:
                let x = try number(try compile(arguments[0]), at: arguments[0])
                let y = try number(try compile(arguments[1]), at: arguments[1])
                let op = function == .min ? "<=" : ">="
                return .number(
                    "(CASE WHEN \(x) IS NULL OR \(y) IS NULL THEN NULL WHEN \(x) \(op) \(y) THEN \(x) ELSE \(y) END)")
            }
        }
    }

    /// The formula's value as DOUBLE (a condition counts 1 or 0).
    func value(_ expr: Expr) throws(SQLError) -> String {
        try number(try compile(expr), at: expr)
    }

    private func parameter(_ parameter: Parameter) -> Value {
        .number("v.param_\(parameter.rawValue)")
    }

    private func number(_ value: Value, at expr: Expr) throws(SQLError) -> String {
        switch value {
        case .number(let sql): return sql
        case .null: return "CAST(NULL AS DOUBLE)"
        case .boolean(let sql):
            return "(CASE WHEN \(sql) THEN CAST(1 AS DOUBLE) WHEN NOT \(sql) THEN CAST(0 AS DOUBLE) END)"
        }
    }

    private func boolean(_ value: Value, at expr: Expr) throws(SQLError) -> String {
        switch value {
        case .boolean(let sql): return sql
        case .null: return "CAST(NULL AS BOOLEAN)"
        case .number: throw SQLError(.unchecked, "\(expr.location): expected a condition (true or false)")
        }
    }
}
