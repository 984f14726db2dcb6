/// The definitions of a catalogue's indicators as text (`jingzhun indicators`, docs, reports).
public enum Definition {
    /// One line: what the indicator computes, in the catalogue's own terms.
    public static func text(of spec: IndicatorSpec) -> String {
        switch spec.kind {
        case .count(let aggregate), .sum(let aggregate): return text(of: aggregate)
        case .ratio(let ratio):
            let scale = ratio.scale == ExactDecimal(1) ? "" : "\(ratio.scale) · "
            return "\(scale)\(text(of: ratio.numerator)) / \(text(of: ratio.denominator))"
        case .fgt(let fgt):
            let filter = fgt.filter.map { " where \(text(of: $0))" } ?? ""
            return "FGT\(fgt.alpha) over \(fgt.entity.rawValue)\(filter): (1/Σw) Σ_{welfare<line} w · "
                + "((line − max(welfare, 0)) / line)^\(fgt.alpha), welfare = \(text(of: fgt.welfare)), "
                + "w = \(text(of: fgt.weight)), line = \(text(of: fgt.line))"
        case .formula(let expr): return text(of: expr)
        case .af(let af):
            let dimensions = af.dimensions.map { "\($0.id) (\($0.weight)): \(text(of: $0.deprived))" }
            return "Alkire–Foster over \(af.entity.rawValue), k = \(af.k), weight \(text(of: af.weight)); "
                + dimensions.joined(separator: "; ")
        case .builtin(let builtin): return "builtin \(builtin.rawValue): \(builtin.definition)"
        }
    }

    static func text(of operand: RatioOperand) -> String {
        switch operand {
        case .indicator(let id, _): return id
        case .aggregate(let aggregate): return "(\(text(of: aggregate)))"
        }
    }

    static func text(of aggregate: Aggregate) -> String {
        let filter = aggregate.filter.map { " where \(text(of: $0))" } ?? ""
        switch aggregate.measure {
        case .count: return "count of \(aggregate.entity.rawValue)\(filter)"
        case .sum(let value):
            return "Σ \(text(of: value)) over \(aggregate.entity.rawValue)\(filter)"
                + (aggregate.isNullWhenEmpty ? " (null when there is none)" : "")
        }
    }

    /// An expression as the catalogue language writes it, with only the parentheses it needs.
    public static func text(of expr: Expr) -> String { render(expr, parent: 0) }

    private static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide: 6
        }
    }

    private static func render(_ expr: Expr, parent: Int) -> String {
        func wrap(_ text: String, _ own: Int) -> String { own < parent ? "(\(text))" : text }
        switch expr.node {
        case .literal(let literal):
            switch literal {
            case .integer(let value): return String(value)
            case .decimal(let value): return value.description
            case .text(let value):
                return "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            case .boolean(let value): return value ? "true" : "false"
            case .null: return "null"
            }
        case .name(let name), .indicator(let name): return name
        case .field(let owner, let name): return owner == .household && expr.type != nil ? name : name
        case .parameter(let parameter): return parameter.rawValue
        case .previous(let id): return "prev(\(id))"
        case .unary(.not, let operand): return wrap("not " + render(operand, parent: 3), 3)
        case .unary(.negate, let operand): return wrap("-" + render(operand, parent: 7), 7)
        case .binary(let op, let left, let right):
            let own = precedence(op)
            // Left-associative: the right operand needs parentheses at equal precedence.
            return wrap("\(render(left, parent: own)) \(op.rawValue) \(render(right, parent: own + 1))", own)
        case .inList(let subject, let items, let negated):
            return wrap(
                "\(render(subject, parent: 5)) \(negated ? "not in" : "in") "
                    + "(\(items.map { render($0, parent: 0) }.joined(separator: ", ")))",
                4)
        case .isNull(let subject, let negated):
            return wrap("\(render(subject, parent: 5)) is \(negated ? "not null" : "null")", 4)
        case .call(let function, let arguments):
            return "\(function.rawValue)(\(arguments.map { render($0, parent: 0) }.joined(separator: ", ")))"
        }
    }
}
