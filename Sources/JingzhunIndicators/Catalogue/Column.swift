import JingzhunCatalogue
import JingzhunCore

/// One value per row of an entity: what a compiled catalogue expression produces.
///
/// Columns are computed a whole column at a time (one tight loop per operator), so an
/// expression costs a few passes over typed arrays, never a walk of its syntax tree per row and
/// never a `String` per value. Numbers stay exact while they can: integers and money are Int64 at
/// a decimal scale (money in fen is scale 2), a quotient of exact numbers is kept as an exact
/// fraction (`pcni` is net fen / size, so `pcni > poverty_line` is decided exactly, as
/// indicators.md wants); anything else becomes Double. Null is a validity flag (SQL semantics).
enum Column {
    /// Three-valued: 0 false, 1 true, 2 null.
    case boolean([UInt8])
    /// value = digits / 10^scale.
    case exact([Int64], scale: Int, valid: [Bool]?)
    /// value = (numerator / 10^scale) / denominator, denominator > 0.
    case fraction(numerator: [Int64], denominator: [Int64], scale: Int, valid: [Bool]?)
    case real([Double], valid: [Bool]?)
    /// Text as positions in `dictionary` (a contract enumeration's codes, or the distinct codes met).
    case text([Int32], dictionary: [String], valid: [Bool]?)
    /// Days since 1970-01-01.
    case date([Int32], valid: [Bool]?)

    static let booleanNull: UInt8 = 2

    var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .exact(let values, _, _): values.count
        case .fraction(let values, _, _, _): values.count
        case .real(let values, _): values.count
        case .text(let values, _, _): values.count
        case .date(let values, _): values.count
        }
    }

    /// Whether row `row` is not null.
    func isValid(_ row: Int) -> Bool {
        switch self {
        case .boolean(let values): values[row] != Column.booleanNull
        case .exact(_, _, let valid), .fraction(_, _, _, let valid), .real(_, let valid), .text(_, _, let valid),
            .date(_, let valid):
            valid?[row] ?? true
        }
    }

    var validity: [Bool]? {
        switch self {
        case .boolean(let values): values.map { $0 != Column.booleanNull }
        case .exact(_, _, let valid), .fraction(_, _, _, let valid), .real(_, let valid), .text(_, _, let valid),
            .date(_, let valid):
            valid
        }
    }

    /// The column as doubles (the value an indicator's sums use when they are not exact).
    func doubles() -> (values: [Double], valid: [Bool]?) {
        switch self {
        case .boolean(let values): return (values.map { $0 == 1 ? 1 : 0 }, values.map { $0 != Column.booleanNull })
        case .exact(let values, let scale, let valid):
            let divisor = Column.power(scale)
            return (values.map { Double($0) / divisor }, valid)
        case .fraction(let numerator, let denominator, let scale, let valid):
            // As indicators.md fixes pcni: Double(net fen) / 100 / size.
            let divisor = Column.power(scale)
            var result = [Double](repeating: 0, count: numerator.count)
            for row in 0..<numerator.count { result[row] = Double(numerator[row]) / divisor / Double(denominator[row]) }
            return (result, valid)
        case .real(let values, let valid): return (values, valid)
        case .text(let values, _, let valid): return (values.map(Double.init), valid)
        case .date(let values, let valid): return (values.map(Double.init), valid)
        }
    }

    static func power(_ scale: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, scale) { result *= 10 }
        return result
    }

    static func integerPower(_ scale: Int) -> Int64? {
        var result: Int64 = 1
        for _ in 0..<max(0, scale) {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Combines two validity masks (nil means all valid).
    static func both(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        var result = a
        for row in 0..<result.count where !b[row] { result[row] = false }
        return result
    }
}
