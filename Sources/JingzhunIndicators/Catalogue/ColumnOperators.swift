import JingzhunCatalogue
import JingzhunCore

/// The operators of the catalogue language over whole columns (SQL null semantics).
enum ColumnOperators {
    static func constant(_ literal: Literal, count: Int) -> Column {
        switch literal {
        case .integer(let value): return .exact([Int64](repeating: value, count: count), scale: 0, valid: nil)
        case .decimal(let value):
            return .exact([Int64](repeating: value.significand, count: count), scale: value.scale, valid: nil)
        case .text(let value): return .text([Int32](repeating: 0, count: count), dictionary: [value], valid: nil)
        case .boolean(let value): return .boolean([UInt8](repeating: value ? 1 : 0, count: count))
        case .null: return .boolean([UInt8](repeating: Column.booleanNull, count: count))
        }
    }

    /// Both columns at one scale, or nil when rescaling overflows.
    static func aligned(_ a: [Int64], _ sa: Int, _ b: [Int64], _ sb: Int) -> (a: [Int64], b: [Int64], scale: Int)? {
        if sa == sb { return (a, b, sa) }
        let scale = max(sa, sb)
        func rescale(_ values: [Int64], _ from: Int) -> [Int64]? {
            guard let factor = Column.integerPower(scale - from) else { return nil }
            var result = values
            for row in 0..<result.count {
                let (value, overflow) = result[row].multipliedReportingOverflow(by: factor)
                if overflow { return nil }
                result[row] = value
            }
            return result
        }
        guard let ra = rescale(a, sa), let rb = rescale(b, sb) else { return nil }
        return (ra, rb, scale)
    }

    static func isNumeric(_ column: Column) -> Bool {
        switch column {
        case .exact, .fraction, .real: true
        case .boolean(let values): values.allSatisfy { $0 == Column.booleanNull }  // the literal null
        default: false
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ a: Column, _ b: Column) -> Column {
        let valid = Column.both(a.validity, b.validity)
        if case .exact(let x, let sx, _) = a, case .exact(let y, let sy, _) = b {
            switch op {
            case .add, .subtract:
                if let (p, q, scale) = aligned(x, sx, y, sy) {
                    var result = [Int64](repeating: 0, count: p.count)
                    var overflowed = false
                    for row in 0..<p.count {
                        let (value, overflow) =
                            op == .add
                            ? p[row].addingReportingOverflow(q[row]) : p[row].subtractingReportingOverflow(q[row])
                        result[row] = value
                        overflowed = overflowed || overflow
                    }
                    if !overflowed { return .exact(result, scale: scale, valid: valid) }
                }
            case .multiply where sx + sy <= 18:
                var result = [Int64](repeating: 0, count: x.count)
                var overflowed = false
                for row in 0..<x.count {
                    let (value, overflow) = x[row].multipliedReportingOverflow(by: y[row])
                    result[row] = value
                    overflowed = overflowed || overflow
                }
                if !overflowed { return .exact(result, scale: sx + sy, valid: valid) }
            case .divide:
                // (x / 10^sx) / (y / 10^sy) = (x · 10^sy / 10^sx) / y: an exact fraction.
                if let factor = Column.integerPower(sy) {
                    var numerator = [Int64](repeating: 0, count: x.count)
                    var denominator = [Int64](repeating: 1, count: x.count)
                    var resultValid = valid ?? [Bool](repeating: true, count: x.count)
                    var overflowed = false
                    for row in 0..<x.count {
                        let (scaled, overflow) = x[row].multipliedReportingOverflow(by: factor)
                        overflowed = overflowed || overflow
                        if y[row] == 0 || y[row] == .min || scaled == .min {
                            resultValid[row] = false  // division by zero is null
                            continue
                        }
                        numerator[row] = y[row] < 0 ? -scaled : scaled
                        denominator[row] = y[row] < 0 ? -y[row] : y[row]
                    }
                    if !overflowed {
                        return .fraction(numerator: numerator, denominator: denominator, scale: sx, valid: resultValid)
                    }
                }
            default: break
            }
        }
        let (x, _) = a.doubles()
        let (y, _) = b.doubles()
        var result = [Double](repeating: 0, count: x.count)
        var resultValid = valid ?? [Bool](repeating: true, count: x.count)
        for row in 0..<x.count {
            switch op {
            case .add: result[row] = x[row] + y[row]
            case .subtract: result[row] = x[row] - y[row]
            case .multiply: result[row] = x[row] * y[row]
            default:
                if y[row] == 0 { resultValid[row] = false } else { result[row] = x[row] / y[row] }
            }
            if !result[row].isFinite { resultValid[row] = false }
        }
        return .real(result, valid: resultValid)
    }

    static func negate(_ a: Column) -> Column {
        switch a {
        case .exact(let values, let scale, let valid) where !values.contains(.min):
            return .exact(values.map { -$0 }, scale: scale, valid: valid)
        case .fraction(let numerator, let denominator, let scale, let valid) where !numerator.contains(.min):
            return .fraction(numerator: numerator.map { -$0 }, denominator: denominator, scale: scale, valid: valid)
        default:
            let (values, valid) = a.doubles()
            return .real(values.map { -$0 }, valid: valid)
        }
    }

    static func absolute(_ a: Column) -> Column {
        switch a {
        case .exact(let values, let scale, let valid) where !values.contains(.min):
            return .exact(values.map { $0.magnitude == 0 ? 0 : Swift.abs($0) }, scale: scale, valid: valid)
        case .fraction(let numerator, let denominator, let scale, let valid) where !numerator.contains(.min):
            return .fraction(
                numerator: numerator.map { Swift.abs($0) }, denominator: denominator, scale: scale, valid: valid)
        default:
            let (values, valid) = a.doubles()
            return .real(values.map { Swift.abs($0) }, valid: valid)
        }
    }

    /// -1, 0, 1 per row (nil where either is null), exact wherever the representations allow.
    static func compare(_ a: Column, _ b: Column) -> [Int8?] {
        let count = a.count
        var result = [Int8?](repeating: nil, count: count)
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int8 { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.text(let x, let dx, _), .text(let y, let dy, _)):
            // Ranks in the bytewise order of the union of the two dictionaries.
            let union = Array(Set(dx + dy)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let rank = Dictionary(uniqueKeysWithValues: union.enumerated().map { ($0.element, $0.offset) })
            let rx = dx.map { rank[$0]! }  // every key is in the union
            let ry = dy.map { rank[$0]! }
            for row in 0..<count where a.isValid(row) && b.isValid(row) {
                result[row] = sign(rx[Int(x[row])], ry[Int(y[row])])
            }
            return result
        case (.boolean(let x), .boolean(let y)):
            for row in 0..<count where x[row] != Column.booleanNull && y[row] != Column.booleanNull {
                result[row] = sign(x[row], y[row])
            }
            return result
        case (.date(let x, _), .date(let y, _)):
            for row in 0..<count where a.isValid(row) && b.isValid(row) { result[row] = sign(x[row], y[row]) }
            return result
        case (.exact(let x, let sx, _), .exact(let y, let sy, _)):
            if let (p, q, _) = aligned(x, sx, y, sy) {
                for row in 0..<count where a.isValid(row) && b.isValid(row) { result[row] = sign(p[row], q[row]) }
                return result
            }
        case (.fraction(let n, let d, let sn, _), .exact(let e, let se, _)):
            // n / 10^sn / d  vs  e / 10^se  ⇔  n · 10^se  vs  e · d · 10^sn   (d > 0)
            if let fe = Column.integerPower(se), let fn = Column.integerPower(sn) {
                let (doublesA, _) = a.doubles()
                let (doublesB, _) = b.doubles()
                for row in 0..<count where a.isValid(row) && b.isValid(row) {
                    let (left, o1) = n[row].multipliedReportingOverflow(by: fe)
                    let (ed, o2) = e[row].multipliedReportingOverflow(by: d[row])
                    let (right, o3) = ed.multipliedReportingOverflow(by: fn)
                    result[row] = o1 || o2 || o3 ? sign(doublesA[row], doublesB[row]) : sign(left, right)
                }
                return result
            }
        case (.exact, .fraction):
            return compare(b, a).map { $0.map { -$0 } }
        default: break
        }
        let (x, _) = a.doubles()
        let (y, _) = b.doubles()
        for row in 0..<count where a.isValid(row) && b.isValid(row) { result[row] = sign(x[row], y[row]) }
        return result
    }

    static func comparison(_ op: BinaryOperator, _ a: Column, _ b: Column) -> Column {
        let signs = compare(a, b)
        var result = [UInt8](repeating: Column.booleanNull, count: signs.count)
        for row in 0..<signs.count {
            guard let s = signs[row] else { continue }
            let holds: Bool
            switch op {
            case .equal: holds = s == 0
            case .notEqual: holds = s != 0
            case .less: holds = s < 0
            case .lessOrEqual: holds = s <= 0
            case .greater: holds = s > 0
            default: holds = s >= 0
            }
            result[row] = holds ? 1 : 0
        }
        return .boolean(result)
    }

    static func booleans(_ a: Column) -> [UInt8] {
        if case .boolean(let values) = a { return values }
        return (0..<a.count).map { a.isValid($0) ? 1 : Column.booleanNull }  // the checker allows only booleans here
    }

    /// Three-valued and / or.
    static func logical(_ op: BinaryOperator, _ a: Column, _ b: Column) -> Column {
        let x = booleans(a)
        let y = booleans(b)
        var result = [UInt8](repeating: 0, count: x.count)
        for row in 0..<x.count {
            let (p, q) = (x[row], y[row])
            if op == .and {
                result[row] = p == 0 || q == 0 ? 0 : (p == 1 && q == 1 ? 1 : Column.booleanNull)
            } else {
                result[row] = p == 1 || q == 1 ? 1 : (p == 0 && q == 0 ? 0 : Column.booleanNull)
            }
        }
        return .boolean(result)
    }

    static func not(_ a: Column) -> Column {
        .boolean(booleans(a).map { $0 == Column.booleanNull ? $0 : 1 - $0 })
    }

    static func isNull(_ a: Column, negated: Bool) -> Column {
        .boolean((0..<a.count).map { a.isValid($0) == negated ? 1 : 0 })
    }

    /// `if(cond, x, y)`: x where cond is true, else y (a null cond gives y, as CASE WHEN).
    static func select(_ condition: Column, _ x: Column, _ y: Column) -> Column {
        let take = booleans(condition)
        let count = take.count
        switch (x, y) {
        case (.boolean(let p), .boolean(let q)) where !isNumeric(x) || !isNumeric(y):
            return .boolean((0..<count).map { take[$0] == 1 ? p[$0] : q[$0] })
        case (.text(let p, let dp, _), .text(let q, let dq, _)):
            let union = dp + dq.filter { !dp.contains($0) }
            let map = dq.map { Int32(union.firstIndex(of: $0)!) }  // every code of dq is in the union
            var valid = [Bool](repeating: true, count: count)
            var values = [Int32](repeating: 0, count: count)
            for row in 0..<count {
                if take[row] == 1 {
                    values[row] = p[row]
                    valid[row] = x.isValid(row)
                } else {
                    values[row] = map[Int(q[row])]
                    valid[row] = y.isValid(row)
                }
            }
            return .text(values, dictionary: union, valid: valid)
        default: break
        }
        let xNumeric = numericForm(x)
        let yNumeric = numericForm(y)
        if case .exact(let p, let sp, _) = xNumeric, case .exact(let q, let sq, _) = yNumeric,
            let (a, b, scale) = aligned(p, sp, q, sq)
        {
            var values = [Int64](repeating: 0, count: count)
            var valid = [Bool](repeating: true, count: count)
            for row in 0..<count {
                values[row] = take[row] == 1 ? a[row] : b[row]
                valid[row] = take[row] == 1 ? x.isValid(row) : y.isValid(row)
            }
            return .exact(values, scale: scale, valid: valid)
        }
        let (a, _) = xNumeric.doubles()
        let (b, _) = yNumeric.doubles()
        var values = [Double](repeating: 0, count: count)
        var valid = [Bool](repeating: true, count: count)
        for row in 0..<count {
            values[row] = take[row] == 1 ? a[row] : b[row]
            valid[row] = take[row] == 1 ? x.isValid(row) : y.isValid(row)
        }
        return .real(values, valid: valid)
    }

    /// The literal null as an exact column of nulls, so it mixes with numbers.
    static func numericForm(_ column: Column) -> Column {
        if case .boolean(let values) = column {
            return .exact(
                [Int64](repeating: 0, count: values.count), scale: 0, valid: values.map { $0 != Column.booleanNull })
        }
        return column
    }

    /// min or max; null when either is null.
    static func extreme(_ isMinimum: Bool, _ a: Column, _ b: Column) -> Column {
        let signs = compare(numericForm(a), numericForm(b))
        let takeA = Column.boolean(
            signs.map { s in
                guard let s else { return Column.booleanNull }
                return (isMinimum ? s <= 0 : s >= 0) ? 1 : 0
            })
        let chosen = select(takeA, numericForm(a), numericForm(b))
        let valid = Column.both(a.validity, b.validity)
        switch chosen {
        case .exact(let values, let scale, _): return .exact(values, scale: scale, valid: valid)
        case .real(let values, _): return .real(values, valid: valid)
        default: return chosen
        }
    }
}
