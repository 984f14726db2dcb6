public import JingzhunCatalogue
import JingzhunCore

/// Every indicator of a catalogue, compiled once into column operations (catalogue.md).
///
/// This is the one definition of each indicator the Swift engine computes: the shipped ones and
/// those a pipeline's catalogue adds alike. Each aggregate's expressions become a tree of closures
/// built once, each closure computing a whole column per province (no syntax tree walked per row,
/// no `String` per value). Per county, exact sums are kept in 128 bits (money in fen), others in
/// Double; prefectures, provinces and the nation add their counties' sums, so every level is a
/// ratio of sums. Formulas, ratios and builtins are then evaluated per area. A builtin's value
/// comes from the code that computes it (`BuiltinValues`, filled by the accumulator).
public struct CatalogueProgram: Sendable {
    /// The entries computed here, in an order where every reference comes first.
    let entries: [Entry]
    /// Every aggregate (count, sum, inline ratio operand), FGT and AF to tally per county.
    let slots: [Slot]
    let exactCount: Int
    let realCount: Int
    /// Every exported id, sorted bytewise (the row order within an area).
    public let exportedIDs: [String]
    /// For each position of `exportedIDs`, the position of its value in `values`' work list.
    let exportPermutation: [Int]
    /// Whether any formula reads `prev(id)` (compute then reads year − 1's rows).
    public let usesPrevious: Bool

    /// The shipped catalogue (pipelines/catalogue.yaml, compiled in), compiled.
    public static let shipped = CatalogueProgram(catalogue: ShippedCatalogue.load())

    /// Every indicator of `catalogue`, compiled; a shipped indicator that the catalogue does not
    /// define is compiled from the shipped catalogue, so exports and reports always have the 42.
    public init(catalogue: Catalogue) {
        var compiler = Compiler()
        let shipped = ShippedCatalogue.load()
        let missing = shipped.indicators.filter { catalogue.indicator($0.id) == nil }
        let all = (missing + catalogue.indicators).map { CatalogueProgram.resolvingBuiltin($0, shipped: shipped) }
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Topological order over same-year references (the checker has refused cycles).
        var ordered: [IndicatorSpec] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ spec: IndicatorSpec) {
            if state[spec.id] != nil { return }
            state[spec.id] = 1
            for reference in CatalogueProgram.references(of: spec.kind) {
                if let target = byID[reference] { visit(target) }
            }
            state[spec.id] = 2
            ordered.append(spec)
        }
        for spec in all { visit(spec) }
        entries = ordered.map { compiler.entry($0) }
        slots = compiler.slots
        exactCount = compiler.exactCount
        realCount = compiler.realCount
        let computed = entries.flatMap(\.exportedIDs)
        let order = computed.indices.sorted { computed[$0].utf8.lexicographicallyPrecedes(computed[$1].utf8) }
        exportPermutation = order
        exportedIDs = order.map { computed[$0] }
        usesPrevious = all.contains { spec in
            if case .formula(let expr) = spec.kind { return CatalogueProgram.readsPrevious(expr) }
            return false
        }
    }

    /// `builtin: rural_income` and `builtin: county_exit_eligible` give the value of the shipped
    /// indicator they name, which the shipped catalogue defines as a ratio and a formula: the entry
    /// is compiled from that definition (at the levels both allow).
    static func resolvingBuiltin(_ spec: IndicatorSpec, shipped: Catalogue) -> IndicatorSpec {
        guard case .builtin(let builtin) = spec.kind, !builtin.isComputedInCode,
            let definition = shipped.indicator(builtin.indicatorID)
        else { return spec }
        var resolved = spec
        resolved.kind = definition.kind
        resolved.levels = spec.levels.intersection(definition.levels)
        return resolved
    }

    static func readsPrevious(_ expr: Expr) -> Bool {
        switch expr.node {
        case .previous: return true
        case .unary(_, let e), .isNull(let e, _): return readsPrevious(e)
        case .binary(_, let a, let b): return readsPrevious(a) || readsPrevious(b)
        case .inList(let e, let items, _): return readsPrevious(e) || items.contains(where: readsPrevious)
        case .call(_, let arguments): return arguments.contains(where: readsPrevious)
        default: return false
        }
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (Swift.abs(a), Swift.abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return Swift.max(x, 1)
    }

    static func references(of kind: IndicatorKind) -> [String] {
        switch kind {
        case .ratio(let ratio):
            return [ratio.numerator, ratio.denominator].compactMap {
                if case .indicator(let id, _) = $0 { return id }
                return nil
            }
        case .formula(let expr): return indicatorNames(expr)
        default: return []
        }
    }

    static func indicatorNames(_ expr: Expr) -> [String] {
        switch expr.node {
        case .indicator(let id): return [id]
        case .unary(_, let e), .isNull(let e, _): return indicatorNames(e)
        case .binary(_, let a, let b): return indicatorNames(a) + indicatorNames(b)
        case .inList(let e, let items, _): return indicatorNames(e) + items.flatMap(indicatorNames)
        case .call(_, let arguments): return arguments.flatMap(indicatorNames)
        default: return []
        }
    }

    // MARK: - Compiled forms

    typealias ColumnOperation = @Sendable (EntityRows, ParameterValues) -> Column

    struct Entry: Sendable {
        var id: String
        var levels: Set<AreaLevel>
        var kind: Kind
        var exportedIDs: [String]

        enum Kind: Sendable {
            case aggregate(slot: Int)
            case ratio(numerator: Operand, denominator: Operand, scale: ExactDecimal)
            case fgt(slot: Int)
            case formula(Expr)
            case af(slot: Int)
            case builtin(Builtin)
        }
    }

    enum Operand: Sendable {
        case indicator(String)
        case slot(Int)
    }

    struct Slot: Sendable {
        var entity: Entity
        var filter: ColumnOperation?
        var kind: Kind

        enum Kind: Sendable {
            /// Rows counted into `exact` (and, for a sum, the sum into `exact + 1` or `real`).
            case count(exact: Int)
            case exactSum(value: ColumnOperation, rows: Int, sum: Int, scale: Int, isNullWhenEmpty: Bool)
            case realSum(value: ColumnOperation, rows: Int, real: Int, isNullWhenEmpty: Bool)
            /// real: Σw, Σ w·gap^α; exact: rows with a null line. With a constant line (parameters
            /// and literals only) gap is in the line's units and the sum is divided by line^α at the
            /// end; otherwise each row's gap is relative to its line. `exactSums` (FGT.hasExactSums):
            /// exact N, D and the rows that could not be kept exact (CatalogueTally+ExactFGT.swift).
            case fgt(
                welfare: ColumnOperation, weight: ColumnOperation, line: ColumnOperation, alpha: Int, real: Int,
                nullLines: Int,
                constantLine: Expr?, exactSums: Int?)
            /// real: Σw, Σw poor, Σ w·c poor, then Σw poor ∧ deprived per dimension.
            case af(
                weight: ColumnOperation, deprived: [ColumnOperation], scores: [Int64], common: Int64, cutoff: Int64,
                real: Int)
        }
    }

    struct Compiler {
        var slots: [Slot] = []
        var exactCount = 0
        var realCount = 0

        mutating func exact(_ count: Int = 1) -> Int {
            exactCount += count
            return exactCount - count
        }
        mutating func real(_ count: Int) -> Int {
            realCount += count
            return realCount - count
        }

        mutating func entry(_ spec: IndicatorSpec) -> Entry {
            let kind: Entry.Kind
            switch spec.kind {
            case .count(let aggregate), .sum(let aggregate): kind = .aggregate(slot: slot(aggregate))
            case .ratio(let ratio):
                kind = .ratio(
                    numerator: operand(ratio.numerator), denominator: operand(ratio.denominator), scale: ratio.scale)
            case .fgt(let fgt):
                let position = slots.count
                slots.append(
                    Slot(
                        entity: fgt.entity, filter: fgt.filter.map(ExpressionCompiler.compile),
                        kind: .fgt(
                            welfare: ExpressionCompiler.compile(fgt.welfare),
                            weight: ExpressionCompiler.compile(fgt.weight),
                            line: ExpressionCompiler.compile(fgt.line), alpha: fgt.alpha, real: real(2),
                            nullLines: exact(),
                            constantLine: ExpressionCompiler.isConstant(fgt.line) ? fgt.line : nil,
                            exactSums: fgt.hasExactSums ? exact(3) : nil)))
                kind = .fgt(slot: position)
            case .formula(let expr): kind = .formula(expr)
            case .af(let af):
                // Scores as integers over the common denominator of the weights: exact comparison with k.
                var common: Int64 = af.k.denominator
                for dimension in af.dimensions {
                    common =
                        common / CatalogueProgram.gcd(common, dimension.weight.denominator)
                        * dimension.weight.denominator
                }
                let scores = af.dimensions.map { $0.weight.numerator * (common / $0.weight.denominator) }
                let position = slots.count
                slots.append(
                    Slot(
                        entity: af.entity, filter: af.filter.map(ExpressionCompiler.compile),
                        kind: .af(
                            weight: ExpressionCompiler.compile(af.weight),
                            deprived: af.dimensions.map { ExpressionCompiler.compile($0.deprived) }, scores: scores,
                            common: common, cutoff: af.k.numerator * (common / af.k.denominator),
                            real: real(3 + af.dimensions.count))))
                kind = .af(slot: position)
            case .builtin(let builtin): kind = .builtin(builtin)
            }
            return Entry(id: spec.id, levels: spec.levels, kind: kind, exportedIDs: spec.exportedIDs)
        }

        mutating func operand(_ operand: RatioOperand) -> Operand {
            switch operand {
            case .indicator(let id, _): return .indicator(id)
            case .aggregate(let aggregate): return .slot(slot(aggregate))
            }
        }

        mutating func slot(_ aggregate: Aggregate) -> Int {
            let filter = aggregate.filter.map(ExpressionCompiler.compile)
            let kind: Slot.Kind
            switch aggregate.measure {
            case .count: kind = .count(exact: exact())
            case .sum(let value):
                let operation = ExpressionCompiler.compile(value)
                if value.type == .number {
                    kind = .realSum(
                        value: operation, rows: exact(), real: real(1), isNullWhenEmpty: aggregate.isNullWhenEmpty)
                } else {
                    // The scale is known only from the data's columns; fixed here from the type.
                    kind = .exactSum(
                        value: operation, rows: exact(), sum: exact(), scale: ExpressionCompiler.scale(of: value),
                        isNullWhenEmpty: aggregate.isNullWhenEmpty)
                }
            }
            slots.append(Slot(entity: aggregate.entity, filter: filter, kind: kind))
            return slots.count - 1
        }
    }
}

/// Values of the parameters for the rows of one province and year.
struct ParameterValues: Sendable {
    var year: Int32
    /// In fen.
    var povertyLineFen: Int64?
    var nationalRuralIncomeFen: Int64?
    var previousNationalRuralIncomeFen: Int64?
    var exitThresholdPct: Int64?

    init(year: Int32, reference: NationalReference, province: Int32?) {
        self.year = year
        func fen(_ yuan: Double?) -> Int64? {
            guard let yuan, yuan.isFinite, Swift.abs(yuan) < 1e12 else { return nil }
            return Int64((yuan * 100).rounded())
        }
        // A line that is not a positive number is missing (indicators.md; as SQLReference does).
        povertyLineFen = fen(reference.povertyLine[year].flatMap { $0 > 0 ? $0 : nil })
        nationalRuralIncomeFen = fen(reference.nationalRuralIncome[year])
        previousNationalRuralIncomeFen = fen(reference.nationalRuralIncome[year - 1])
        exitThresholdPct = province.map { Int64(AreaCode.exitThresholdPct(province: $0)) }
    }

    /// (value, scale) of a parameter, nil when null.
    func value(_ parameter: Parameter) -> (Int64, Int)? {
        switch parameter {
        case .year: (Int64(year), 0)
        case .povertyLine: povertyLineFen.map { ($0, 2) }
        case .nationalRuralIncome: nationalRuralIncomeFen.map { ($0, 2) }
        case .previousNationalRuralIncome: previousNationalRuralIncomeFen.map { ($0, 2) }
        case .exitThresholdPct: exitThresholdPct.map { ($0, 0) }
        }
    }
}

/// Compiles a checked expression into one closure per node; each computes a whole column.
enum ExpressionCompiler {
    static func compile(_ expr: Expr) -> CatalogueProgram.ColumnOperation {
        switch expr.node {
        case .literal(let literal):
            return { rows, _ in ColumnOperators.constant(literal, count: rows.count) }
        case .field(let owner, let name):
            return { rows, _ in rows.column(owner, name) }
        case .parameter(let parameter):
            return { rows, parameters in
                guard let (value, scale) = parameters.value(parameter) else {
                    return .exact(
                        [Int64](repeating: 0, count: rows.count), scale: 0,
                        valid: [Bool](repeating: false, count: rows.count))
                }
                return .exact([Int64](repeating: value, count: rows.count), scale: scale, valid: nil)
            }
        case .unary(let op, let operand):
            let inner = compile(operand)
            if op == .not { return { rows, p in ColumnOperators.not(inner(rows, p)) } }
            return { rows, p in ColumnOperators.negate(ColumnOperators.numericForm(inner(rows, p))) }
        case .binary(let op, let left, let right):
            let l = compile(left)
            let r = compile(right)
            if op.isLogical { return { rows, p in ColumnOperators.logical(op, l(rows, p), r(rows, p)) } }
            if op.isArithmetic {
                return { rows, p in
                    ColumnOperators.arithmetic(
                        op, ColumnOperators.numericForm(l(rows, p)), ColumnOperators.numericForm(r(rows, p)))
                }
            }
            return { rows, p in ColumnOperators.comparison(op, l(rows, p), r(rows, p)) }
        case .inList(let subject, let items, let negated):
            let s = compile(subject)
            let compiled = items.map(compile)
            return { rows, p in
                let value = s(rows, p)
                var result: Column = .boolean([UInt8](repeating: 0, count: rows.count))
                for item in compiled {
                    result = ColumnOperators.logical(
                        .or, result, ColumnOperators.comparison(.equal, value, item(rows, p)))
                }
                return negated ? ColumnOperators.not(result) : result
            }
        case .isNull(let subject, let negated):
            let s = compile(subject)
            return { rows, p in ColumnOperators.isNull(s(rows, p), negated: negated) }
        case .call(let function, let arguments):
            let compiled = arguments.map(compile)
            switch function {
            case .if:
                return { rows, p in
                    ColumnOperators.select(compiled[0](rows, p), compiled[1](rows, p), compiled[2](rows, p))
                }
            case .min, .max:
                return { rows, p in
                    ColumnOperators.extreme(function == .min, compiled[0](rows, p), compiled[1](rows, p))
                }
            case .abs, .prev:
                return { rows, p in ColumnOperators.absolute(ColumnOperators.numericForm(compiled[0](rows, p))) }
            }
        case .name, .indicator, .previous:
            preconditionFailure("an aggregate expression names no indicator after the catalogue checker")
        }
    }

    /// Whether the expression reads no field (the same value for every row of the area).
    static func isConstant(_ expr: Expr) -> Bool {
        switch expr.node {
        case .literal, .parameter: return true
        case .unary(_, let operand): return isConstant(operand)
        case .binary(_, let a, let b): return isConstant(a) && isConstant(b)
        case .call(_, let arguments): return arguments.allSatisfy(isConstant)
        default: return false
        }
    }

    /// The decimal scale of an exact (integer or money) expression's column, as `ColumnOperators`
    /// produces it: integers 0, money 2 (fen), a literal its digits; `*` adds, `+ - if min max`
    /// take the larger. Sums are kept at this scale, so money sums stay in fen.
    static func scale(of expr: Expr) -> Int {
        switch expr.node {
        case .literal(.decimal(let value)): return value.scale
        case .literal: return 0
        case .field, .parameter: return expr.type == .money ? 2 : 0
        case .unary(_, let operand): return scale(of: operand)
        case .binary(.multiply, let a, let b): return scale(of: a) + scale(of: b)
        case .binary(_, let a, let b): return max(scale(of: a), scale(of: b))
        case .call(.if, let arguments): return max(scale(of: arguments[1]), scale(of: arguments[2]))
        case .call(_, let arguments): return arguments.map(scale(of:)).max() ?? 0
        default: return 0
        }
    }
}
