/// An exact 128-bit sum of Int64 products, for population-weighted incomes.
///
/// Σ rural_income (fen) · rural_population can pass Int64's range in principle
/// (10^9 fen · 10^7 persons · 3,000 counties), so the weighted sums are kept exactly in 128 bits
/// and converted to Double once, at the end. Exact sums are also independent of addition order.
/// (Swift's `Int128` would do, but it needs macOS 15, and the package declares macOS 13.)
struct WideSum: Sendable, Equatable {
    private(set) var high: Int64 = 0
    private(set) var low: UInt64 = 0

    /// Adds `a · b` exactly.
    mutating func addProduct(_ a: Int64, _ b: Int64) {
        let product = a.multipliedFullWidth(by: b)
        add(high: product.high, low: product.low)
    }

    mutating func add(_ other: WideSum) { add(high: other.high, low: other.low) }

    private mutating func add(high otherHigh: Int64, low otherLow: UInt64) {
        let (sum, carry) = low.addingReportingOverflow(otherLow)
        low = sum
        high = high &+ otherHigh &+ (carry ? 1 : 0)
    }

    var isZero: Bool { high == 0 && low == 0 }

    /// The sum when it fits in Int64.
    var int64Value: Int64? {
        if high == 0 && low <= UInt64(Int64.max) { return Int64(low) }
        if high == -1 && low > UInt64(Int64.max) { return Int64(bitPattern: low) }
        return nil
    }

    /// The sum as a Double: correctly rounded while it fits in Int64 (every realistic input),
    /// otherwise within a few ulps (high · 2^64 + low, two roundings).
    var doubleValue: Double {
        if high == 0 && low <= UInt64(Int64.max) { return Double(Int64(low)) }
        if high == -1 && low > UInt64(Int64.max) { return Double(Int64(bitPattern: low)) }
        return Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
    }
}
