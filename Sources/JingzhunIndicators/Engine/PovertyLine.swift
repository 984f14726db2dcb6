/// The poverty line z of a year, with exact comparisons of per-capita income against it.
///
/// pcni(h) = net(h) / size(h) with net in fen. When z is a whole number of fen (every published
/// line is a whole number of yuan), `pcni > z` is decided exactly as `net > z_fen · size`, and
/// `pcni ≤ 1.1 z` as `10 · net ≤ 11 · z_fen · size`: a household exactly at the line or exactly at
/// 1.1 z is classified by the contract's inequality, not by floating-point rounding of 1.1 · z.
/// A line with fractions of a fen falls back to comparing Doubles.
struct PovertyLine: Sendable {
    /// z in yuan.
    let yuan: Double
    /// z in fen when that is a whole number (and small enough for exact Int64 products).
    private let fen: Int64?

    /// Nil for a line that is not a positive finite number (the year's line-based indicators are null).
    init?(yuan: Double) {
        guard yuan.isFinite, yuan > 0 else { return nil }
        self.yuan = yuan
        let scaled = yuan * 100
        fen = scaled == scaled.rounded() && scaled < 1e12 ? Int64(scaled) : nil
    }

    /// pcni(h) as the brief fixes it: Double(net fen) / 100 / size.
    static func perCapita(netFen: Int64, size: Int64) -> Double { Double(netFen) / 100 / Double(size) }

    /// pcni > z; `size` must be > 0.
    func isAbove(netFen: Int64, size: Int64) -> Bool {
        if let fen { return netFen > fen * size }
        return PovertyLine.perCapita(netFen: netFen, size: size) > yuan
    }

    /// pcni < z; `size` must be > 0.
    func isBelow(netFen: Int64, size: Int64) -> Bool {
        if let fen { return netFen < fen * size }
        return PovertyLine.perCapita(netFen: netFen, size: size) < yuan
    }

    /// pcni ≤ 1.1 z (the upper edge of exit income bunching); `size` must be > 0.
    func isWithinBunchingCeiling(netFen: Int64, size: Int64) -> Bool {
        if let fen { return 10 * netFen <= 11 * fen * size }
        return PovertyLine.perCapita(netFen: netFen, size: size) <= 1.1 * yuan
    }
}
