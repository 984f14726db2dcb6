import JingzhunCatalogue
import JingzhunCore

/// Evaluates a formula for one area (a handful of values per area, so a walk of the tree is
/// right here; row expressions are compiled to column operations instead). SQL semantics.
struct FormulaEvaluator {
    let values: [String: Double?]
    let previous: [String: Double?]
    let parameters: ParameterValues

    enum Value {
        case number(Double)
        case boolean(Bool)
        case text(String)
        case null
    }

    func number(_ expr: Expr) -> Double? {
        if case .number(let value) = evaluate(expr), value.isFinite { return value }
        return nil
    }

    func evaluate(_ expr: Expr) -> Value {
        switch expr.node {
        case .literal(let literal):
            switch literal {
            case .integer(let value): return .number(Double(value))
            case .decimal(let value): return .number(value.doubleValue)
            case .text(let value): return .text(value)
            case .boolean(let value): return .boolean(value)
            case .null: return .null
            }
        case .parameter(let parameter):
            guard let (value, scale) = parameters.value(parameter) else { return .null }
            return .number(Double(value) / Column.power(scale))
        case .indicator(let id): return (values[id] ?? nil).map { .number($0) } ?? .null
        case .previous(let id): return (previous[id] ?? nil).map { .number($0) } ?? .null
        case .unary(.negate, let operand):
            if case .number(let value) = evaluate(operand) { return .number(-value) }
            return .null
        case .unary(.not, let operand):
            if case .boolean(let value) = evaluate(operand) { return .boolean(!value) }
            return .null
        case .binary(let op, let left, let right):
            let l = evaluate(left)
            if op.isLogical {
                let r = evaluate(right)
                let p: Bool? = if case .boolean(let b) = l { b } else { nil }
                let q: Bool? = if case .boolean(let b) = r { b } else { nil }
                if op == .and {
                    if p == false || q == false { return .boolean(false) }
                    return p == true && q == true ? .boolean(true) : .null
                }
                if p == true || q == true { return .boolean(true) }
                return p == false && q == false ? .boolean(false) : .null
            }
            let r = evaluate(right)
            if op.isArithmetic {
                guard case .number(let x) = l, case .number(let y) = r else { return .null }
                switch op {
                case .add: return .number(x + y)
                case .subtract: return .number(x - y)
                case .multiply: return .number(x * y)
                default: return y == 0 ? .null : .number(x / y)
                }
            }
            guard let s = compare(l, r) else { return .null }
            switch op {
            case .equal: return .boolean(s == 0)
            case .notEqual: return .boolean(s != 0)
            case .less: return .boolean(s < 0)
            case .lessOrEqual: return .boolean(s <= 0)
            case .greater: return .boolean(s > 0)
            default: return .boolean(s >= 0)
            }
        case .inList(let subject, let items, let negated):
            let value = evaluate(subject)
            var result: Bool? = false
            for item in items {
                guard let s = compare(value, evaluate(item)) else {
                    if result == false { result = nil }
                    continue
                }
                if s == 0 { result = true }
            }
            guard let result else { return .null }
            return .boolean(negated ? !result : result)
        case .isNull(let subject, let negated):
            if case .null = evaluate(subject) { return .boolean(!negated) }
            return .boolean(negated)
        case .call(let function, let arguments):
            switch function {
            case .if:
                if case .boolean(true) = evaluate(arguments[0]) { return evaluate(arguments[1]) }
                return evaluate(arguments[2])
            case .min, .max:
                guard case .number(let x) = evaluate(arguments[0]), case .number(let y) = evaluate(arguments[1]) else {
                    return .null
                }
                return .number(function == .min ? Swift.min(x, y) : Swift.max(x, y))
            case .abs, .prev:
                guard case .number(let x) = evaluate(arguments[0]) else { return .null }
                return .number(Swift.abs(x))
            }
        case .name, .field:
            return .null  // the checker allows neither in a formula
        }
    }

    func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.text(let x), .text(let y)): return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }
}
