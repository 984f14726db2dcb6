import JingzhunCore

/// Resolves and type-checks a catalogue's indicators, and checks the references between them.
///
/// Names in an aggregate's expressions are fields of its entity (members may name `household.F`)
/// or parameters; names in a formula are parameters or other indicators' ids (a parameter wins:
/// `exit_threshold_pct` in a formula is the parameter). Every problem is collected; checking
/// goes on past one so that a catalogue's mistakes are all reported at once.
struct CatalogueChecker {
    private var indicators: [IndicatorSpec]
    private(set) var diagnostics: [CatalogueDiagnostic] = []
    /// Exported id → position of its entry.
    private var entryOfID: [String: Int] = [:]
    /// Same-year references: entry → entries it needs.
    private var edges: [[Int]] = []

    /// Ids of entries the reader left out for a reported mistake.
    private let brokenIDs: [String: SourceLocation]

    init(indicators: [IndicatorSpec], brokenIDs: [String: SourceLocation] = [:]) {
        self.indicators = indicators
        self.brokenIDs = brokenIDs
    }

    private mutating func report(_ message: String, at location: SourceLocation) {
        diagnostics.append(CatalogueDiagnostic(message, at: location))
    }

    /// The indicators with every expression resolved and typed; `diagnostics` holds the problems.
    mutating func check() -> [IndicatorSpec] {
        for (position, indicator) in indicators.enumerated() {
            for id in [indicator.id] + (indicator.exportedIDs == [indicator.id] ? [] : indicator.exportedIDs) {
                if let first = entryOfID[id] {
                    report(
                        "duplicate id '\(id)'; first defined at \(indicators[first].location)", at: indicator.location)
                } else {
                    entryOfID[id] = position
                }
            }
        }
        edges = Array(repeating: [], count: indicators.count)
        for position in indicators.indices {
            var indicator = indicators[position]
            indicator.kind = checkKind(indicator.kind, of: indicator, position: position)
            indicators[position] = indicator
        }
        findCycles()
        return indicators
    }

    // MARK: - Kinds

    private mutating func checkKind(_ kind: IndicatorKind, of indicator: IndicatorSpec, position: Int) -> IndicatorKind
    {
        switch kind {
        case .count(let aggregate): return .count(checkAggregate(aggregate, position: position))
        case .sum(let aggregate): return .sum(checkAggregate(aggregate, position: position))
        case .ratio(var ratio):
            ratio.numerator = checkOperand(ratio.numerator, position: position)
            ratio.denominator = checkOperand(ratio.denominator, position: position)
            return .ratio(ratio)
        case .fgt(var fgt):
            let context = Context.entity(fgt.entity)
            fgt.welfare = require(fgt.welfare, numeric: "welfare", context, position)
            fgt.weight = require(fgt.weight, numeric: "weight", context, position)
            fgt.line = require(fgt.line, numeric: "line", context, position)
            fgt.filter = fgt.filter.map { requireBoolean($0, "where", context, position) }
            return .fgt(fgt)
        case .formula(let expr):
            let checked = resolve(expr, .formula, position)
            if let type = checked.type, type == .boolean || type == .text || type == .date {
                report(
                    "a formula gives a number, not \(type.phrase); write if(condition, 1, 0) for a flag",
                    at: expr.location)
            }
            return .formula(checked)
        case .af(var af):
            let context = Context.entity(af.entity)
            af.weight = require(af.weight, numeric: "weight", context, position)
            af.filter = af.filter.map { requireBoolean($0, "where", context, position) }
            for index in af.dimensions.indices {
                af.dimensions[index].deprived = requireBoolean(
                    af.dimensions[index].deprived, "deprived", context, position)
            }
            return .af(af)
        case .builtin:
            return kind
        }
    }

    private mutating func checkAggregate(_ aggregate: Aggregate, position: Int) -> Aggregate {
        var result = aggregate
        let context = Context.entity(aggregate.entity)
        if case .sum(let value) = aggregate.measure {
            result.measure = .sum(require(value, numeric: "the summed value", context, position))
        }
        result.filter = aggregate.filter.map { requireBoolean($0, "where", context, position) }
        return result
    }

    private mutating func checkOperand(_ operand: RatioOperand, position: Int) -> RatioOperand {
        switch operand {
        case .indicator(let id, let location):
            reference(id, at: location, from: position)
            return operand
        case .aggregate(let aggregate):
            return .aggregate(checkAggregate(aggregate, position: position))
        }
    }

    /// Records a same-year reference to `id`, reporting an unknown id.
    private mutating func reference(_ id: String, at location: SourceLocation, from position: Int) {
        guard let target = entryOfID[id] else {
            if brokenIDs[id] != nil { return }
            report("unknown indicator '\(id)'\(Suggestion.clause(for: id, in: entryOfID.keys.sorted()))", at: location)
            return
        }
        edges[position].append(target)
    }

    private mutating func require(_ expr: Expr, numeric what: String, _ context: Context, _ position: Int) -> Expr {
        let checked = resolve(expr, context, position)
        if let type = checked.type, !type.isNumeric, type != .null {
            report("\(what) must be a number, found \(type.phrase)", at: expr.location)
        }
        return checked
    }

    private mutating func requireBoolean(_ expr: Expr, _ what: String, _ context: Context, _ position: Int) -> Expr {
        let checked = resolve(expr, context, position)
        if let type = checked.type, type != .boolean, type != .null {
            report("'\(what)' must be a condition (true or false), found \(type.phrase)", at: expr.location)
        }
        return checked
    }

    // MARK: - Expressions

    enum Context: Equatable {
        case entity(Entity)
        case formula
    }

    /// The expression with names resolved and `type` set on every node; `type` is nil where an
    /// error was reported (so one mistake is not reported again by the nodes above it).
    private mutating func resolve(_ expr: Expr, _ context: Context, _ position: Int) -> Expr {
        var result = expr
        let at = expr.location
        switch expr.node {
        case .literal(let literal):
            result.type =
                switch literal {
                case .integer: .integer
                case .decimal: .number
                case .text: .text
                case .boolean: .boolean
                case .null: .null
                }
        case .name(let name):
            result = resolveName(name, at: at, context, position)
        case .field, .parameter, .indicator:
            return expr  // already resolved
        case .previous(let id):
            guard context == .formula else {
                report("prev(\(id)) is only allowed in a formula", at: at)
                result.type = nil
                return result
            }
            if entryOfID[id] == nil && brokenIDs[id] == nil {
                report(
                    "unknown indicator '\(id)' in prev\(Suggestion.clause(for: id, in: entryOfID.keys.sorted()))",
                    at: at)
                result.type = nil
            } else {
                result.type = .number
            }
        case .unary(let op, let operand):
            let inner = resolve(operand, context, position)
            result.node = .unary(op, inner)
            guard let type = inner.type else { return result }
            switch op {
            case .negate:
                if type.isNumeric || type == .null {
                    result.type = type
                } else {
                    report("'-' needs a number, found \(type.phrase)", at: at)
                }
            case .not:
                if type == .boolean || type == .null {
                    result.type = .boolean
                } else {
                    report("'not' needs a condition, found \(type.phrase)", at: at)
                }
            }
        case .binary(let op, let left, let right):
            let l = resolve(left, context, position)
            let r = resolve(right, context, position)
            result.node = .binary(op, l, r)
            guard let lt = l.type, let rt = r.type else { return result }
            result.type = binaryType(op, l, lt, r, rt, at: at)
        case .inList(let subject, let items, let negated):
            let s = resolve(subject, context, position)
            let resolvedItems = items.map { resolve($0, context, position) }
            result.node = .inList(s, resolvedItems, negated: negated)
            result.type = .boolean
            guard let st = s.type else { return result }
            for item in resolvedItems {
                guard let it = item.type else { continue }
                if !comparable(st, it) {
                    report("'in' compares \(st.phrase) with \(it.phrase)", at: item.location)
                } else {
                    checkCode(item, against: s)
                }
            }
        case .isNull(let subject, let negated):
            result.node = .isNull(resolve(subject, context, position), negated: negated)
            result.type = .boolean
        case .call(let function, let arguments):
            let resolved = arguments.map { resolve($0, context, position) }
            result.node = .call(function, resolved)
            guard resolved.allSatisfy({ $0.type != nil }) else { return result }
            let types = resolved.map { $0.type! }  // checked just above
            switch function {
            case .if:
                if types[0] != .boolean && types[0] != .null {
                    report(
                        "the first argument of if must be a condition, found \(types[0].phrase)",
                        at: resolved[0].location)
                }
                result.type = unify(types[1], types[2], at: at, what: "the two branches of if")
            case .min, .max, .abs:
                for (argument, type) in zip(resolved, types) where !type.isNumeric && type != .null {
                    report("\(function.rawValue) needs numbers, found \(type.phrase)", at: argument.location)
                    return result
                }
                result.type =
                    function == .abs
                    ? types[0] : unify(types[0], types[1], at: at, what: "the arguments of \(function.rawValue)")
            case .prev:
                result.type = .number  // the parser turns prev into .previous
            }
        }
        return result
    }

    private mutating func resolveName(_ name: String, at: SourceLocation, _ context: Context, _ position: Int) -> Expr {
        switch context {
        case .entity(let entity):
            if let field = entity.field(name) {
                let owner: Entity =
                    entity == .member && name.hasPrefix(FieldTable.householdPrefix) ? .household : entity
                let fieldName = owner == entity ? name : String(name.dropFirst(FieldTable.householdPrefix.count))
                return Expr(.field(owner: owner, name: fieldName), at: at, type: field.type)
            }
            if let parameter = Parameter(rawValue: name) {
                return Expr(.parameter(parameter), at: at, type: parameter.type)
            }
            var message = "unknown field '\(name)' of \(entity.rawValue)"
            let candidates = entity.fieldNames + Parameter.allCases.map(\.rawValue)
            if let suggestion = Suggestion.nearest(to: name, in: candidates) {
                message += "; did you mean '\(suggestion)'?"
            } else if entity != .member, name.hasPrefix(FieldTable.householdPrefix) {
                message += "; 'household.F' is only for member expressions"
            } else if entryOfID[name] != nil {
                message += "; '\(name)' is an indicator: combine indicators in a formula or a ratio"
            } else {
                message += "; expected one of \(entity.fieldNames.joined(separator: ", ")) or a parameter"
            }
            report(message, at: at)
        case .formula:
            if let parameter = Parameter(rawValue: name) {
                return Expr(.parameter(parameter), at: at, type: parameter.type)
            }
            if entryOfID[name] != nil || brokenIDs[name] != nil {
                reference(name, at: at, from: position)
                return Expr(.indicator(name), at: at, type: .number)
            }
            var message = "unknown indicator '\(name)'"
            let candidates = entryOfID.keys.sorted() + Parameter.allCases.map(\.rawValue)
            if let suggestion = Suggestion.nearest(to: name, in: candidates) {
                message += "; did you mean '\(suggestion)'?"
            } else if Entity.allCases.contains(where: { $0.field(name) != nil }) {
                message +=
                    "; '\(name)' is a field: a formula combines indicators, use kind count, sum or ratio for fields"
            } else {
                message += "; a formula names other indicators' ids, parameters and prev(id)"
            }
            report(message, at: at)
        }
        return Expr(.name(name), at: at, type: nil)
    }

    private mutating func binaryType(
        _ op: BinaryOperator, _ l: Expr, _ lt: ValueType, _ r: Expr, _ rt: ValueType, at: SourceLocation
    ) -> ValueType? {
        if op.isLogical {
            for (side, type) in [(l, lt), (r, rt)] where type != .boolean && type != .null {
                report("'\(op.rawValue)' needs conditions on both sides, found \(type.phrase)", at: side.location)
                return nil
            }
            return .boolean
        }
        if op.isArithmetic {
            for (side, type) in [(l, lt), (r, rt)] where !type.isNumeric && type != .null {
                report("'\(op.rawValue)' needs numbers on both sides, found \(type.phrase)", at: side.location)
                return nil
            }
            if op == .divide { return .number }
            if lt == .null { return rt }
            if rt == .null { return lt }
            if lt == .number || rt == .number { return .number }
            if lt == .money || rt == .money {
                return (op == .multiply && lt == .money && rt == .money) ? .number : .money
            }
            return .integer
        }
        // Comparison
        if lt == .null || rt == .null {
            report("a comparison with null is always null; write 'x is null' or 'x is not null'", at: at)
            return nil
        }
        guard comparable(lt, rt) else {
            report("'\(op.rawValue)' compares \(lt.phrase) with \(rt.phrase)", at: at)
            return nil
        }
        if lt == .boolean && op != .equal && op != .notEqual {
            report("booleans are compared with '=' or '<>' only", at: at)
            return nil
        }
        checkCode(r, against: l)
        checkCode(l, against: r)
        return .boolean
    }

    private func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
        a == b || (a.isNumeric && b.isNumeric) || a == .null || b == .null
    }

    /// A text literal compared with a coded field must be one of its codes.
    private mutating func checkCode(_ literal: Expr, against field: Expr) {
        guard case .literal(.text(let code)) = literal.node, case .field(let owner, let name) = field.node,
            let values = owner.field(name)?.values, !values.contains(code)
        else { return }
        report(
            "'\(code)' is not a code of \(name)\(Suggestion.clause(for: code, in: values)); "
                + "expected one of \(values.joined(separator: ", "))", at: literal.location)
    }

    private mutating func unify(_ a: ValueType, _ b: ValueType, at: SourceLocation, what: String) -> ValueType? {
        if a == .null { return b }
        if b == .null || a == b { return a }
        if a.isNumeric && b.isNumeric { return a == .number || b == .number ? .number : .money }
        report("\(what) have different types: \(a.phrase) and \(b.phrase)", at: at)
        return nil
    }

    // MARK: - Cycles

    /// Reports each cycle of same-year references once. Iterative (no recursion on long chains).
    private mutating func findCycles() {
        enum State { case new, open, done }
        var state = [State](repeating: .new, count: indicators.count)
        for start in indicators.indices where state[start] == .new {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = .open
            while let top = stack.last {
                let targets = edges[top.node]
                if top.next == targets.count {
                    state[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = targets[top.next]
                switch state[target] {
                case .new:
                    state[target] = .open
                    stack.append((target, 0))
                case .open:
                    let path =
                        stack.map(\.node).drop { $0 != target }.map { indicators[$0].id } + [indicators[target].id]
                    report(
                        "cycle of references: \(path.joined(separator: " → ")); an indicator cannot depend on itself "
                            + "(prev(id) names the year before)", at: indicators[target].location)
                case .done:
                    break
                }
            }
        }
    }
}
