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
            if case .af(let af) = spec.kind {
                out += try alkireFoster(af, id: spec.id, levels: levels, reference: reference)
                continue
            }
            out.append(SQLIndicator(id: spec.id, levels: levels, value: try value(of: spec, reference: reference)))
        }
        return out
    }

    /// Alkire–Foster (catalogue.md §Alkire–Foster) as sums and ratios: with L the least common
    /// denominator of the dimension weights, a row's score is the integer Σ weight_d · L over the
    /// dimensions it is deprived in (a null `deprived` counts as not deprived), and the row is poor
    /// iff score · k.den ≥ k.num · L — exact, never a floating 1/3. Then, over the rows of the area,
    /// with T = Σw, P = Σw(poor), S = Σ w·score over the poor and C_d = Σw(poor and deprived in d):
    /// H = P / T, A = S / (L·P), M0 = H · A written as S / (L·T), censored_d = C_d / T and
    /// contribution_d = 100 · weight_d · censored_d / M0 written as 100 · (weight_d·L) · C_d / S:
    /// each one quotient of exact sums, as the Swift engine computes them (M0 is 0 when nobody is
    /// poor; A and the contributions are then null).
    static func alkireFoster(_ af: AlkireFoster, id: String, levels: Set<String>, reference: SQLReference)
        throws(SQLError) -> [SQLIndicator]
    {
        let compiler = RowExpressionCompiler(entity: af.entity, reference: reference)
        let entity = SQLEntity(af.entity)
        var common: Int64 = 1
        for dimension in af.dimensions {
            common = common / SQLArithmetic.gcd(common, dimension.weight.denominator) * dimension.weight.denominator
        }
        var deprived: [String] = []
        var terms: [String] = []
        for dimension in af.dimensions {
            let condition = try compiler.boolean(try compiler.compile(dimension.deprived), at: dimension.deprived)
            deprived.append(condition)
            terms.append(
                "(CASE WHEN \(condition) THEN "
                    + "\(dimension.weight.numerator * (common / dimension.weight.denominator)) ELSE 0 END)"
            )
        }
        let score = "(" + (terms.isEmpty ? "0" : terms.joined(separator: " + ")) + ")"
        let poor = "(\(score) * \(af.k.denominator) >= \(af.k.numerator * common))"
        let weight = try compiler.numeric(try compiler.compile(af.weight), at: af.weight)
        let filter = try af.filter.map { (expr: Expr) throws(SQLError) in
            try compiler.boolean(try compiler.compile(expr), at: expr)
        }
        func and(_ conditions: [String?]) -> String? {
            let present = conditions.compactMap { $0 }
            return present.isEmpty ? nil : present.joined(separator: " AND ")
        }
        let all = SQLAggregate(entity: entity, value: weight, filter: filter)
        let poorWeight = SQLAggregate(entity: entity, value: weight, filter: and([filter, poor]))
        let scoreSum = SQLAggregate(
            entity: entity,
            value: SQLArithmetic.combine(weight, .multiply, SQLRowValue(score, .exact(denominator: common))),
            filter: and([filter, poor]))
        let one = SQLRowValue("1", .exact(denominator: 1))
        var out = [
            SQLIndicator(
                id: id + "_h", levels: levels,
                value: .ratio(num: .aggregate(poorWeight), den: .aggregate(all), scale: one)),
            SQLIndicator(
                id: id + "_a", levels: levels,
                value: .ratio(num: .aggregate(scoreSum), den: .aggregate(poorWeight), scale: one)),
            SQLIndicator(
                id: id + "_m0", levels: levels,
                value: .ratio(num: .aggregate(scoreSum), den: .aggregate(all), scale: one)),
        ]
        for (position, dimension) in af.dimensions.enumerated() {
            let censored = SQLAggregate(entity: entity, value: weight, filter: and([filter, poor, deprived[position]]))
            out.append(
                SQLIndicator(
                    id: "\(id)_censored_\(dimension.id)", levels: levels,
                    value: .ratio(num: .aggregate(censored), den: .aggregate(all), scale: one)))
            // 100 · weight_d as an exact fraction over L: the ratio's one division gives
            // 100 · (weight_d·L) · C_d / S. With weights so fine that the constant factor would not
            // stay exact (beyond 2^53), the contract's formula over the DOUBLE values instead.
            let (hundredScore, o1) = (dimension.weight.numerator * (common / dimension.weight.denominator))
                .multipliedReportingOverflow(by: 100)
            let (factor, o2) = hundredScore.multipliedReportingOverflow(by: common)
            let contribution: SQLIndicator.Value =
                o1 || o2 || factor > SQLArithmetic.largestExactDouble
                ? .formula(
                    "(100 * (CAST(\(dimension.weight.numerator) AS DOUBLE) / \(dimension.weight.denominator)) * "
                        + "{\(id)_censored_\(dimension.id)} / NULLIF({\(id)_m0}, 0))"
                )
                : .ratio(
                    num: .aggregate(censored), den: .aggregate(scoreSum),
                    scale: SQLRowValue(String(hundredScore), .exact(denominator: common)))
            out.append(SQLIndicator(id: "\(id)_contribution_\(dimension.id)", levels: levels, value: contribution))
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
            func number(_ expr: Expr) throws(SQLError) -> SQLRowValue {
                try compiler.numeric(try compiler.compile(expr), at: expr)
            }
            let line = try number(fgt.line)
            // Exact sums need the line in whole fen: a denominator of at most 100 (SQLReference's is ≥ 100).
            var hasExactSums = false
            if fgt.hasExactSums, case .exact(let denominator) = line.form, denominator > 0, 100 % denominator == 0 {
                hasExactSums = true
            }
            return .fgt(
                SQLFGT(
                    entity: SQLEntity(fgt.entity), welfare: try number(fgt.welfare), weight: try number(fgt.weight),
                    line: line, alpha: fgt.alpha,
                    filter: try fgt.filter.map { (expr: Expr) throws(SQLError) in
                        try compiler.boolean(try compiler.compile(expr), at: expr)
                    },
                    hasExactSums: hasExactSums))
        case .formula(let expr):
            return .formula(try FormulaCompiler().value(expr))
        case .builtin(let builtin):
            guard SQLBuiltins.names.contains(builtin.rawValue) else {
                throw SQLError(.unsupported, "\(spec.location): builtin '\(builtin.rawValue)' has no SQL form")
            }
            return .builtin(builtin.rawValue)
        case .af:
            preconditionFailure("af entries are expanded by indicators(_:reference:)")
        }
    }

    static func compile(_ aggregate: Aggregate, reference: SQLReference) throws(SQLError) -> SQLAggregate {
        let compiler = RowExpressionCompiler(entity: aggregate.entity, reference: reference)
        let filter = try aggregate.filter.map { (expr: Expr) throws(SQLError) in
            try compiler.boolean(try compiler.compile(expr), at: expr)
        }
        var value: SQLRowValue? = nil
        if case .sum(let expr) = aggregate.measure {
            value = try compiler.numeric(try compiler.compile(expr), at: expr)
        }
        return SQLAggregate(
            entity: SQLEntity(aggregate.entity), value: value, filter: filter,
            isNullWhenEmpty: aggregate.isNullWhenEmpty)
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
