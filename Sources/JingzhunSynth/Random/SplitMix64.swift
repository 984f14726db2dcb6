/// Seeded pseudo-random generator (SplitMix64) with the few draws the synthesizer needs.
///
/// Why our own: the output must be byte-identical on every machine and toolchain, so nothing may
/// come from `SystemRandomNumberGenerator`, `Double.random` or the standard library's
/// `random(in:using:)` (whose algorithm is not part of its contract). SplitMix64 (Steele, Lea and
/// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) is a 64-bit counter
/// passed through a bijective mixer; it passes BigCrush and is trivially portable.
///
/// All draws use only integer arithmetic and IEEE-754 `+ − × ÷` on `Double` (correctly rounded
/// everywhere); no `log`/`exp`/`pow`, whose libm results may differ between platforms.
/// Deliberately not a `RandomNumberGenerator`, so it cannot be handed to standard-library
/// shuffles or `random(in:using:)` by accident.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one independent stream, keyed by the run seed and a path of integers
    /// (e.g. `[tag, province, household index, year]`).
    ///
    /// Each part is mixed in with the finaliser, so neighbouring keys give unrelated streams:
    /// this is what lets household *i* be regenerated for any year without storing it.
    public init(seed: UInt64, path: UInt64...) { self.init(seed: seed, path: path) }

    public init(seed: UInt64, path: [UInt64]) {
        var h = Self.mix(seed ^ 0x6A09_E667_F3BC_C909)
        for part in path { h = Self.mix(h ^ Self.mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
        state = h
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output function (a bijection on UInt64).
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in `0..<bound` (Lemire's multiply-shift with rejection: no modulo bias).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.below needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Approximately normal (Irwin–Hall sum of 12 uniforms): mean `mean`, standard deviation `sd`,
    /// support bounded to ±6 sd. Chosen over Box–Muller because it needs no `log`/`cos`.
    public mutating func normal(mean: Double, sd: Double) -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return mean + (sum - 6) * sd
    }

    /// An index drawn with the given integer weights (all ≥ 0, sum > 0).
    public mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0, "SplitMix64.weighted needs a positive total weight")
        var r = below(total)
        for (index, w) in weights.enumerated() {
            if r < w { return index }
            r -= w
        }
        preconditionFailure("SplitMix64.weighted: unreachable, r < total")
    }

    /// One element, uniformly.
    public mutating func pick<T>(_ elements: [T]) -> T { elements[below(elements.count)] }

    /// Fisher–Yates shuffle.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, below(i + 1))
        }
    }
}

/// Keys of the independent random streams (first element of a `SplitMix64` path).
///
/// Values are fixed forever: changing one changes every generated file for every seed.
enum StreamTag: UInt64 {
    case countySelection = 1
    case county = 2
    case village = 3
    case household = 4
    case householdYear = 5
    case member = 6
    case identityOffset = 7
    case defect = 8
    case countyYear = 9
}
