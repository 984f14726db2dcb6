public import JingzhunCatalogue
import JingzhunCore

/// Compiles each indicator of a checked catalogue to its SQL form (catalogue.md §Kinds): each
/// kind in one place, every expression through `RowExpressionCompiler` or `FormulaCompiler`.
public enum CatalogueSQL {
    /// The SQL form of every indicator, in catalogue order.
    /// - Throws: `SQLError` for a kind the SQL compiler does not handle, or an unchecked catalogue.
    public static func indicators(_ catalogue: Catalogue, reference: SQLReference) throws(SQLError) -> [SQLIndicator] {
        var out: [SQLIndicator] = []
        for spec in catalogue.indicators {
            let levels = Set(spec.levels.map(\.rawValue))
            out.append(SQLIndicator(id: spec.id, levels: levels, value: try value(of: spec, reference: reference)))
        }
        return out
    }

    static func value(of spec: IndicatorSpec, reference: SQLReference) throws(SQLError) -> SQLIndicator.Value {
        switch spec.kind {
        case .count(let aggregate), .sum(let aggregate):
            return .aggregate(try compile(aggregate, reference: reference))
        case .ratio(let ratio):
            func operand(_ operand: RatioOperand) throws(SQLError) -> SQLOperand {
                switch operand {
                case .indicator(let id, _): .indicator(id)
                case .aggregate(let aggregate): .aggregate(try compile(aggregate, reference: reference))
                }
            }
            let scale = ratio.scale
            var denominator: Int64 = 1
            for _ in 0..<scale.scale { denominator *= 10 }
            return .ratio(
                num: try operand(ratio.numerator), den: try operand(ratio.denominator),
                scale: SQLRowValue(String(scale.significand), .exact(denominator: denominator)))
        case .fgt(let fgt):
            let compiler = RowExpressionCompiler(entity: fgt.entity, reference: reference)
            func number(_ expr: Expr) throws(SQLError) -> SQLRowValue { try compiler.numeric(try compiler.compile(expr), at: expr) }
            return .fgt(
                SQLFGT(
                    entity: SQLEntity(fgt.entity), welfare: try number(fgt.welfare), weight: try number(fgt.weight),
                    line: try number(fgt.line), alpha: fgt.alpha,
                    filter: try fgt.filter.map { (expr: Expr) throws(SQLError) in try compiler.boolean(try compiler.compile(expr), at: expr) }))
        case .formula(let expr):
            return .formula(try FormulaCompiler().value(expr))
        case .builtin(let builtin):
            guard SQLBuiltins.names.contains(builtin.rawValue) else {
                throw SQLError(.unsupported, "\(spec.location): builtin '\(builtin.rawValue)' has no SQL form")
            }
            return .builtin(builtin.rawValue)
        case .af:
            throw SQLError(
                .unsupported,
                "\(spec.location): indicator '\(spec.id)' is of kind af, which `jingzhun sql` does not compile yet")
        }
    }

    static func compile(_ aggregate: Aggregate, reference: SQLReference) throws(SQLError) -> SQLAggregate {
        let compiler = RowExpressionCompiler(entity: aggregate.entity, reference: reference)
        let filter = try aggregate.filter.map { (expr: Expr) throws(SQLError) in try compiler.boolean(try compiler.compile(expr), at: expr) }
        var value: SQLRowValue? = nil
        if case .sum(let expr) = aggregate.measure { value = try compiler.numeric(try compiler.compile(expr), at: expr) }
        return SQLAggregate(
            entity: SQLEntity(aggregate.entity), value: value, filter: filter, isNullWhenEmpty: aggregate.isNullWhenEmpty)
    }
}

extension SQLEntity {
    init(_ entity: Entity) {
        switch entity {
        case .household: self = .household
        case .member: self = .member
        case .county: self = .county
        case .village: self = .village
        }
    }
}
