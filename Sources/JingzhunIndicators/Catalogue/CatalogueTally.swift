import JingzhunCatalogue
import JingzhunCore

/// The sums behind the added indicators of one area: exact (128-bit) and Double.
struct CatalogueTally: Sendable {
    var exact: [WideSum]
    var real: [Double]

    init(_ program: CatalogueProgram) {
        exact = [WideSum](repeating: WideSum(), count: program.exactCount)
        real = [Double](repeating: 0, count: program.realCount)
    }

    mutating func add(_ other: CatalogueTally) {
        for index in exact.indices { exact[index].add(other.exact[index]) }
        for index in real.indices { real[index] += other.real[index] }
    }
}

extension CatalogueProgram {
    /// Tallies one province's rows into per-county sums.
    /// - Parameter summaries: The province's per-household sums over members (shared with the builtins).
    func tally(
        _ data: ProvinceYearData, year: Int32, reference: NationalReference, summaries: HouseholdSummaries
    ) -> [Int32: CatalogueTally] {
        var sums = CountySums()
        tally(data, year: year, reference: reference, summaries: summaries, into: &sums)
        return sums.byCounty
    }

    /// Per-county sums carried from one part of a province to the next.
    ///
    /// Tallying a province part by part into one `CountySums` adds every county's terms in the
    /// same order as tallying it whole (parts are consecutive rows), so even the Double sums come
    /// out bit for bit the same.
    struct CountySums {
        var positions: [Int32: Int] = [:]
        var tallies: [CatalogueTally] = []

        var byCounty: [Int32: CatalogueTally] {
            var result: [Int32: CatalogueTally] = [:]
            for (county, position) in positions { result[county] = tallies[position] }
            return result
        }
    }

    /// Tallies rows of one province (the whole province, or one part of consecutive rows) into `sums`.
    func tally(
        _ data: ProvinceYearData, year: Int32, reference: NationalReference, summaries: HouseholdSummaries,
        into sums: inout CountySums
    ) {
        let parameters = ParameterValues(year: year, reference: reference, province: data.key.province)
        var rowsByEntity: [Entity: EntityRows] = [:]
        var positions = sums.positions
        var tallies = sums.tallies
        sums = CountySums()  // the arrays are moved, not copied, while they grow
        defer { sums = CountySums(positions: positions, tallies: tallies) }
        var countyPositionsByEntity: [Entity: [Int]] = [:]
        for slot in slots {
            let rows: EntityRows
            if let existing = rowsByEntity[slot.entity] {
                rows = existing
            } else {
                rows = EntityRows(slot.entity, data: data, year: year, summaries: summaries)
                rowsByEntity[slot.entity] = rows
                var last: Int32 = -1
                var lastPosition = 0
                countyPositionsByEntity[slot.entity] = rows.county.map { county in
                    if county == last { return lastPosition }
                    last = county
                    if let position = positions[county] {
                        lastPosition = position
                    } else {
                        tallies.append(CatalogueTally(self))
                        lastPosition = tallies.count - 1
                        positions[county] = lastPosition
                    }
                    return lastPosition
                }
            }
            let county = countyPositionsByEntity[slot.entity]!  // filled just above
            var mask = rows.isIncluded
            if let filter = slot.filter {
                let condition = ColumnOperators.booleans(filter(rows, parameters))
                for row in 0..<mask.count where condition[row] != 1 { mask[row] = false }
            }
            switch slot.kind {
            case .count(let index):
                var counts = [Int64](repeating: 0, count: tallies.count)
                for row in 0..<mask.count where mask[row] { counts[county[row]] += 1 }
                for position in counts.indices { tallies[position].exact[index].addProduct(counts[position], 1) }
            case .exactSum(let value, let rowsIndex, let sumIndex, let scale, _):
                let column = value(rows, parameters)
                var counts = [Int64](repeating: 0, count: tallies.count)
                for row in 0..<mask.count where mask[row] { counts[county[row]] += 1 }
                for position in counts.indices { tallies[position].exact[rowsIndex].addProduct(counts[position], 1) }
                switch column {
                case .exact(let values, let valueScale, _) where valueScale <= scale:
                    let factor = Column.integerPower(scale - valueScale) ?? 1
                    for row in 0..<mask.count where mask[row] && column.isValid(row) {
                        tallies[county[row]].exact[sumIndex].addProduct(values[row], factor)
                    }
                default:
                    let (values, _) = column.doubles()
                    let factor = Column.power(scale)
                    for row in 0..<mask.count where mask[row] && column.isValid(row) {
                        // A value that overflowed to Double: rounded to the sum's scale (never a trap).
                        let scaled = (values[row] * factor).rounded()
                        guard scaled.isFinite, Swift.abs(scaled) < 9.2e18 else { continue }
                        tallies[county[row]].exact[sumIndex].addProduct(Int64(scaled), 1)
                    }
                }
            case .realSum(let value, let rowsIndex, let realIndex, _):
                let column = value(rows, parameters)
                let (values, _) = column.doubles()
                for row in 0..<mask.count where mask[row] {
                    tallies[county[row]].exact[rowsIndex].addProduct(1, 1)
                    if column.isValid(row) { tallies[county[row]].real[realIndex] += values[row] }
                }
            case .fgt(
                let welfareOperation, let weightOperation, let lineOperation, let alpha, let realIndex, let nullLines,
                let constantLine,
                let exactSums):
                let welfare = welfareOperation(rows, parameters)
                let line = lineOperation(rows, parameters)
                let weight = weightOperation(rows, parameters)
                let (weights, _) = weight.doubles()
                // welfare < line, decided exactly where the columns are exact (pcni against the line).
                let below = ColumnOperators.booleans(ColumnOperators.comparison(.less, welfare, line))
                let (welfareValues, _) = welfare.doubles()
                let (lineValues, _) = line.doubles()
                let isRelative = constantLine == nil
                for row in 0..<mask.count where mask[row] {
                    let position = county[row]
                    guard line.isValid(row) else {
                        tallies[position].exact[nullLines].addProduct(1, 1)
                        continue
                    }
                    guard weight.isValid(row) else { continue }
                    tallies[position].real[realIndex] += weights[row]
                    if below[row] == 1 {
                        // The shipped engine's order of operations: w · gap, then · gap again.
                        var gap = lineValues[row] - max(welfareValues[row], 0)
                        if isRelative { gap /= lineValues[row] }
                        let term =
                            alpha == 0 ? weights[row] : (alpha == 1 ? weights[row] * gap : weights[row] * gap * gap)
                        tallies[position].real[realIndex + 1] += term
                    }
                }
                if let exactSums {
                    tallyExactFGT(
                        welfare: welfare, weight: weight, line: line, below: below, mask: mask, county: county,
                        alpha: alpha,
                        sums: exactSums, into: &tallies)
                }
            case .af(let weightOperation, let deprivedOperations, let scores, _, let cutoff, let realIndex):
                let weight = weightOperation(rows, parameters)
                let (weights, _) = weight.doubles()
                let deprived = deprivedOperations.map { ColumnOperators.booleans($0(rows, parameters)) }
                for row in 0..<mask.count where mask[row] && weight.isValid(row) {
                    let position = county[row]
                    var score: Int64 = 0
                    for dimension in deprived.indices where deprived[dimension][row] == 1 { score += scores[dimension] }
                    tallies[position].real[realIndex] += weights[row]
                    guard score >= cutoff else { continue }
                    tallies[position].real[realIndex + 1] += weights[row]
                    tallies[position].real[realIndex + 2] += weights[row] * Double(score)
                    for dimension in deprived.indices where deprived[dimension][row] == 1 {
                        tallies[position].real[realIndex + 3 + dimension] += weights[row]
                    }
                }
            }
        }
    }

    /// scale · num / den; null when den is 0 or either is null. With exact operands the quotient
    /// of two exact integers is rounded once (100 · poor / rural is `Double(100·poor) / Double(rural)`,
    /// money / persons is `Double(fen) / Double(100·persons)`), as the shipped engine rounds.
    func ratio(_ numerator: Quantity?, _ denominator: Quantity?, scale: ExactDecimal) -> Double? {
        guard let numerator, let denominator else { return nil }
        if case .exact(let n, let sn) = numerator, case .exact(let d, let sd) = denominator {
            guard d != 0 else { return nil }
            // (s / 10^ss) · (n / 10^sn) / (d / 10^sd) = (s · n · 10^sd) / (d · 10^(sn + ss))
            if let up = Column.integerPower(sd), let down = Column.integerPower(sn + scale.scale) {
                let (a, o1) = n.multipliedReportingOverflow(by: scale.significand)
                let (top, o2) = a.multipliedReportingOverflow(by: up)
                let (bottom, o3) = d.multipliedReportingOverflow(by: down)
                if !(o1 || o2 || o3) { return Double(top) / Double(bottom) }
            }
        }
        let d = denominator.doubleValue
        guard d != 0 else { return nil }
        return numerator.doubleValue * scale.doubleValue / d
    }

    /// Every exported indicator's value of one area, in `exportedIDs` order (ids bytewise).
    /// - Parameters:
    ///   - builtins: The values of the builtins computed in code for this area.
    ///   - previous: The area's values of year − 1, by id (for `prev`; empty unless `usesPrevious`).
    func values(
        _ tally: CatalogueTally, level: AreaLevel, code: Int32, year: Int32, reference: NationalReference,
        builtins: [Builtin: Double?], previous: [String: Double?]
    ) -> [Double?] {
        var values: [String: Double?] = [:]
        values.reserveCapacity(exportedIDs.count)
        let province: Int32? =
            switch level {
            case .county: AreaCode.province(ofCounty: code)
            case .province: code
            default: nil
            }
        let parameters = ParameterValues(year: year, reference: reference, province: province)
        func slotValue(_ index: Int) -> Double? {
            switch slots[index].kind {
            case .count(let exact): return tally.exact[exact].doubleValue
            case .exactSum(_, let rows, let sum, let scale, let isNullWhenEmpty):
                if isNullWhenEmpty && tally.exact[rows].isZero { return nil }
                return tally.exact[sum].doubleValue / Column.power(scale)
            case .realSum(_, let rows, let real, let isNullWhenEmpty):
                if isNullWhenEmpty && tally.exact[rows].isZero { return nil }
                return tally.real[real]
            default: return nil
            }
        }
        /// An operand's value, exact (digits at a scale) where it can be.
        func operand(_ operand: Operand) -> Quantity? {
            switch operand {
            case .indicator(let id):
                guard let value = values[id] ?? nil else { return nil }
                if value == value.rounded(), Swift.abs(value) < 9e15 { return .exact(Int64(value), scale: 0) }
                return .real(value)
            case .slot(let index):
                switch slots[index].kind {
                case .count(let exact): return Quantity(tally.exact[exact], scale: 0)
                case .exactSum(_, let rows, let sum, let scale, let isNullWhenEmpty):
                    if isNullWhenEmpty && tally.exact[rows].isZero { return nil }
                    return Quantity(tally.exact[sum], scale: scale)
                default: return slotValue(index).map { .real($0) }
                }
            }
        }
        var output: [Double?] = []
        output.reserveCapacity(exportedIDs.count)
        for entry in entries {
            var computed: [(String, Double?)] = []
            switch entry.kind {
            case .aggregate(let slot): computed = [(entry.id, slotValue(slot))]
            case .ratio(let numerator, let denominator, let scale):
                computed = [(entry.id, ratio(operand(numerator), operand(denominator), scale: scale))]
            case .fgt(let slot):
                guard
                    case .fgt(_, _, _, let alpha, let real, let nullLines, let constantLine, let exactSums) = slots[
                        slot
                    ].kind
                else { break }
                let weight = tally.real[real]
                var value: Double? = nil
                if weight != 0 && tally.exact[nullLines].isZero {
                    if let constantLine {
                        // Σ w·gap^α / (line^α · Σw), gap in the line's units.
                        let evaluator = FormulaEvaluator(values: [:], previous: [:], parameters: parameters)
                        if let line = evaluator.number(constantLine), line > 0 {
                            let divisor = alpha == 0 ? weight : (alpha == 1 ? line * weight : line * line * weight)
                            value =
                                exactSums.flatMap { Self.exactFGTValue(tally, sums: $0) } ?? tally.real[real + 1]
                                / divisor
                        }
                    } else {
                        value = tally.real[real + 1] / weight
                    }
                }
                computed = [(entry.id, value)]
            case .formula(let expr):
                computed = [
                    (
                        entry.id,
                        FormulaEvaluator(values: values, previous: previous, parameters: parameters).number(expr)
                    )
                ]
            case .af(let slot):
                // catalogue.md §Alkire–Foster, each value one quotient of exact sums (weights and
                // scores are integers in practice, so every sum is exact in a Double): with T = Σw,
                // P = Σw over the poor, S = Σ w·c·L over the poor (c·L the integer score, L the common
                // denominator) and C_d = Σw over the poor deprived in d,
                // H = P/T, A = S/(L·P), M0 = H·A = S/(L·T), censored_d = C_d/T and
                // contribution_d = 100·w_d·censored_d/M0 = 100·(w_d·L)·C_d/S: one rounding each,
                // so a published fraction comes out as the Double nearest to it. M0 is 0 (not null)
                // when nobody is poor; A and the contributions are then null (docs/catalogue.md).
                guard case .af(_, _, let scores, let common, _, let real) = slots[slot].kind else { break }
                let total = tally.real[real]
                let poor = tally.real[real + 1]
                let scoreSum = tally.real[real + 2]
                let scale = Double(common)
                let h: Double? = total == 0 ? nil : poor / total
                let a: Double? = poor == 0 ? nil : scoreSum / (scale * poor)
                let m0: Double? = total == 0 ? nil : scoreSum / (scale * total)
                computed = [(entry.id + "_h", h), (entry.id + "_a", a), (entry.id + "_m0", m0)]
                for (index, id) in entry.exportedIDs.dropFirst(3).enumerated() where index % 2 == 0 {
                    let dimension = index / 2
                    let deprivedPoor = tally.real[real + 3 + dimension]
                    let censored: Double? = total == 0 ? nil : deprivedPoor / total
                    let contributionID = entry.exportedIDs[3 + index + 1]
                    let contribution: Double? =
                        poor == 0 || scoreSum == 0 ? nil : 100 * Double(scores[dimension]) * deprivedPoor / scoreSum
                    computed += [(id, censored), (contributionID, contribution)]
                }
            case .builtin(let builtin): computed = [(entry.id, builtins[builtin] ?? nil)]
            }
            if computed.count != entry.exportedIDs.count { computed = entry.exportedIDs.map { ($0, nil) } }
            for (id, value) in computed {
                let shown = entry.levels.contains(level) ? value.flatMap { $0.isFinite ? $0 : nil } : nil
                values[id] = shown
                output.append(shown)
            }
        }
        return exportPermutation.map { output[$0] }
    }
}

/// A value of an area: exact digits at a decimal scale, or a double.
enum Quantity {
    case exact(Int64, scale: Int)
    case real(Double)

    init(_ sum: WideSum, scale: Int) {
        if let value = sum.int64Value {
            self = .exact(value, scale: scale)
        } else {
            self = .real(sum.doubleValue / Column.power(scale))
        }
    }

    var doubleValue: Double {
        switch self {
        case .exact(let value, let scale): Double(value) / Column.power(scale)
        case .real(let value): value
        }
    }
}
