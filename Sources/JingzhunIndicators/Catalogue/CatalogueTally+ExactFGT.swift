import JingzhunCatalogue
import JingzhunCore

/// Exact FGT sums (docs/catalogue.md, "Exact FGT sums"), for an FGT of `pcni` weighted by `size`
/// below a line of one value per year (`FGT.hasExactSums`). With Z the line in fen and, for a
/// household below it, G = Z · size − max(net fen, 0) (a whole number of fen):
///
/// | α | N (Σ over households below the line) | D (Σ over households with a line) |
/// |---|---|---|
/// | 0 | size | size |
/// | 1 | G | size · Z |
/// | 2 | round½↑(10⁶ · G² / size) | size · Z² · 10⁶ |
///
/// and the value is `nearest(N) / nearest(D)` (`WideSum.nearestDouble`): the same integers and the
/// same two IEEE operations in Swift, DuckDB and Spark, whatever the order of the rows. The SQL
/// compiler writes the same (`AggregateColumns.add(_:)` in JingzhunSQL).
extension CatalogueProgram {
    /// Adds the rows of one slot to `sums` (N), `sums + 1` (D) and `sums + 2` (rows that could not
    /// be kept exact: a line that is no whole number of fen, or a product past Int64; the area
    /// then falls back to the Double sums).
    func tallyExactFGT(
        welfare: Column, weight: Column, line: Column, below: [UInt8], mask: [Bool], county: [Int], alpha: Int,
        sums: Int,
        into tallies: inout [CatalogueTally]
    ) {
        guard case .fraction(let net, let sizes, 2, _) = welfare, case .exact(let weights, 0, _) = weight,
            case .exact(let lines, let lineScale, _) = line, lineScale <= 2,
            let lineFactor = Column.integerPower(2 - lineScale)
        else {
            for row in 0..<mask.count where mask[row] && line.isValid(row) {
                tallies[county[row]].exact[sums + 2].addProduct(1, 1)
            }
            return
        }
        let scale = FGT.severityTermScale
        for row in 0..<mask.count where mask[row] && line.isValid(row) && weight.isValid(row) {
            let position = county[row]
            let size = weights[row]
            let (z, lineOverflow) = lines[row].multipliedReportingOverflow(by: lineFactor)
            var isExact = !lineOverflow
            if isExact {
                switch alpha {
                case 0: tallies[position].exact[sums + 1].addProduct(size, 1)
                case 1: tallies[position].exact[sums + 1].addProduct(size, z)
                default:
                    let (sizeZ, o1) = size.multipliedReportingOverflow(by: z)
                    let (zScaled, o2) = z.multipliedReportingOverflow(by: scale)
                    if o1 || o2 {
                        isExact = false
                    } else {
                        tallies[position].exact[sums + 1].addProduct(sizeZ, zScaled)
                    }
                }
            }
            if isExact && below[row] == 1 {
                let divisor = sizes[row]  // size (> 0 where pcni is not null)
                let (zSize, o3) = z.multipliedReportingOverflow(by: divisor)
                let (gap, o4) = zSize.subtractingReportingOverflow(max(net[row], 0))
                if o3 || o4 {
                    isExact = false
                } else {
                    switch alpha {
                    case 0: tallies[position].exact[sums].addProduct(size, 1)
                    case 1: tallies[position].exact[sums].addProduct(gap, 1)
                    default:
                        let (square, o5) = gap.multipliedReportingOverflow(by: gap)
                        if o5 {
                            isExact = false
                        } else {
                            // 10⁶ · G² / size = 10⁶ · q + 10⁶ · r / size, the last rounded half up.
                            let (quotient, remainder) = square.quotientAndRemainder(dividingBy: divisor)
                            tallies[position].exact[sums].addProduct(quotient, scale)
                            tallies[position].exact[sums].addProduct(
                                (2 * remainder * scale + divisor) / (2 * divisor), 1)
                        }
                    }
                }
            }
            if !isExact { tallies[position].exact[sums + 2].addProduct(1, 1) }
        }
    }

    /// nearest(N) / nearest(D), or nil when a row could not be kept exact (or D is 0).
    static func exactFGTValue(_ tally: CatalogueTally, sums: Int) -> Double? {
        guard tally.exact[sums + 2].isZero, let numerator = tally.exact[sums].nearestDouble,
            let denominator = tally.exact[sums + 1].nearestDouble, denominator != 0
        else { return nil }
        return numerator / denominator
    }
}

extension WideSum {
    /// The sum x as `Double(x / 2⁵³) · 2⁵³ + Double(x % 2⁵³)` (quotient truncated): both parts are
    /// exact in a Double, so the one addition rounds x to the nearest Double (ties to even), the
    /// value SQL's `CAST(x DIV 2⁵³ AS DOUBLE) * 2⁵³ + CAST(x % 2⁵³ AS DOUBLE)` gives in any
    /// engine. nil when |x| ≥ 2¹⁰⁶.
    var nearestDouble: Double? {
        var high = self.high
        var low = self.low
        let isNegative = high < 0
        if isNegative {
            low = ~low &+ 1
            high = ~high &+ (low == 0 ? 1 : 0)
        }
        guard high >= 0, high < (1 << 42) else { return nil }
        let upper = (UInt64(high) << 11) | (low >> 53)
        let lower = low & ((1 << 53) - 1)
        let magnitude = Double(upper) * 9_007_199_254_740_992.0 + Double(lower)
        return isNegative ? -magnitude : magnitude
    }
}
