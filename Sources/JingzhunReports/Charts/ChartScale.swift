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
    ///
    /// With `fromData`, the domain starts where the data does instead of at zero when every value
    /// is positive and the smallest is more than half the largest (otherwise zero is near enough
    /// to keep): the differences then fill the plot, and `isBroken` tells the chart to mark the
    /// axis as not starting at 0.
    init(
        covering values: [Double], rangeStart: Double, rangeEnd: Double, targetTicks: Int = 5,
        fixedUpper: Double? = nil,
        fromData: Bool = false
    ) {
        var low = min(0, values.min() ?? 0)
        var high = max(0, values.max() ?? 0)
        if let fixedUpper { high = max(high, fixedUpper) }
        if fromData, let smallest = values.min(), smallest > 0, smallest > high / 2 {
            low = smallest
            if high - low < high * 0.01 { low = max(0, low - high * 0.01) }
        }
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

    /// The axis does not start at zero (draw a break mark).
    var isBroken: Bool { lower > 0 }

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
