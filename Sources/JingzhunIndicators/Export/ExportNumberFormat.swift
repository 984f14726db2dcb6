/// How indicator values are written in exports: the shortest text that round-trips the double.
///
/// indicators.md §Export format: "value as the shortest text that round-trips the double, any
/// value without a fractional part written as an integer (`100`, not `100.0`), empty for null".
///
/// - A value with a fractional part is written as Swift's `Double.description`: the shortest
///   digits that round-trip, in plain decimal from 1e−4 up and in exponent form below
///   (`0.0001`, `9.999e-05`, `6.250000000272848e-13`). That is byte for byte what Python's
///   `repr` prints (both switch to exponents below 1e−4 and from 1e16), so an
///   evaluator recomputing the catalogue in another language gets the same text, and it is
///   shorter than a plain-decimal rendering of tiny values. (Non-integral doubles are below
///   2^52, so no positive exponent occurs.)
/// - A value without a fractional part is written as an integer, whatever its size (`100`, not
///   `100.0`; `10000000000000000`, not `1e+16`): its shortest round-trip digits followed by
///   zeros. Up to 2^53 that is the exact value; beyond (never produced by the catalogue) it parses
///   back to the same double though it need not be its exact binary value.
/// - −0.0 is `0`; NaN and infinities are written as null (the engine never produces them).
///
/// | value | Swift `description` | export |
/// |---|---|---|
/// | 100 | `100.0` | `100` |
/// | 0.1 | `0.1` | `0.1` |
/// | 1/3 | `0.3333333333333333` | `0.3333333333333333` |
/// | −0.0 | `-0.0` | `0` |
/// | 1e−7 | `1e-07` | `1e-07` |
/// | 5e20 | `5e+20` | `500000000000000000000` |
public enum ExportNumberFormat {
    /// The export text of a value; empty for nil.
    public static func text(_ value: Double?) -> String {
        guard let value else { return "" }
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the export text of `value` (nothing for NaN or infinity). Integral values go
    /// through the digits of `description` with the decimal point placed, so no exponent remains.
    public static func append(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { return }
        if value == 0 {  // both +0 and -0
            out.append(UInt8(ascii: "0"))
            return
        }
        if value != value.rounded(.towardZero) {
            out.append(contentsOf: value.description.utf8)
            return
        }
        // value = ±digits × 10^scale, digits without leading or trailing zeros.
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var fractionDigits = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    if seenPoint { fractionDigits += 1 }
                    // Leading zeros are dropped; after the point they still count in the scale
                    // (0.001 → 1 × 10^-3).
                    if !(digits.isEmpty && byte == UInt8(ascii: "0")) { digits.append(byte) }
                }
            default:
                preconditionFailure("unexpected character in Double.description")
            }
        }
        var scale = exponentSign * exponent - fractionDigits
        while digits.count > 1, digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            scale += 1
        }

        if value < 0 { out.append(UInt8(ascii: "-")) }
        if scale >= 0 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale))
            return
        }
        let integerDigits = digits.count + scale
        if integerDigits > 0 {
            out.append(contentsOf: digits[..<integerDigits])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[integerDigits...])
        } else {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -integerDigits))
            out.append(contentsOf: digits)
        }
    }
}
