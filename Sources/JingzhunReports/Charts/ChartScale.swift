/// A linear map from data values to SVG coordinates over a "nice" domain (steps of 1, 2 or 5 × 10^k).
///
/// Computed without libm (no `log10`, `pow`), so tick positions are identical on every platform.
struct ChartScale {
    let lower: Double
    let upper: Double
    let step: Double
    let rangeStart: Double
    let rangeEnd: Double

    /// A domain covering `values` and zero, widened to whole steps of a nice size.
    init(covering values: [Double], rangeStart: Double, rangeEnd: Double, targetTicks: Int = 5, fixedUpper: Double? = nil) {
        var low = min(0, values.min() ?? 0)
        var high = max(0, values.max() ?? 0)
        if let fixedUpper { high = max(high, fixedUpper) }
        if high - low <= 0 { high = low + 1 }
        let step = ChartScale.niceStep(rough: (high - low) / Double(max(targetTicks, 1)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        self.lower = low
        self.upper = high
        self.step = step
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
    }

    /// The smallest of 1, 2, 5, 10 × 10^k that is ≥ `rough`.
    static func niceStep(rough: Double) -> Double {
        precondition(rough > 0 && rough.isFinite, "a scale needs a positive finite span")
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= rough { return factor * magnitude }
        return 10 * magnitude
    }

    func callAsFunction(_ value: Double) -> Double {
        rangeStart + (value - lower) / (upper - lower) * (rangeEnd - rangeStart)
    }

    /// Tick values from lower to upper inclusive.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { lower + Double($0) * step }
    }

    /// Decimals needed to print the ticks exactly.
    var tickDecimals: Int {
        var decimals = 0
        var scaled = step
        while (scaled - scaled.rounded()).magnitude > 1e-9 && decimals < 6 {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }
}
