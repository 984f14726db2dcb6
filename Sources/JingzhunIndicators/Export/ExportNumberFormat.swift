/// How indicator values are written in exports: the shortest round-trip digits, in plain decimal.
///
/// indicators.md §Export format: "value as the shortest text that round-trips the double, any
/// value without a fractional part written as an integer (`100`, not `100.0`), empty for null".
/// Swift's `Double.description` yields the shortest digit string that round-trips, but writes
/// `100.0`, `1e-07` and `5e+20`. This keeps those digits and places the decimal point:
///
/// | value | Swift `description` | export |
/// |---|---|---|
/// | 100 | `100.0` | `100` |
/// | 0.1 | `0.1` | `0.1` |
/// | 1/3 | `0.3333333333333333` | `0.3333333333333333` |
/// | −0.0 | `-0.0` | `0` |
/// | 1e−7 | `1e-07` | `0.0000001` |
/// | 5e20 | `5e+20` | `500000000000000000000` |
///
/// No exponent is ever written, so every consumer (CSV readers, spreadsheets, DuckDB) parses the
/// text the same way, and integral values are always plain integers. Integral values beyond 2^53
/// (never produced by the catalogue) are written as their shortest round-trip digits followed by
/// zeros: the text parses back to the same double, though it need not be the double's exact
/// binary value. Values below 1e−5 get leading zeros after the point (1e−300 would be 301
/// characters; the catalogue's values are counts, percentages, yuan and indices in [0, 1]).
/// NaN and infinities are written as null (the engine never produces them).
public enum ExportNumberFormat {
    /// The export text of a value; empty for nil.
    public static func text(_ value: Double?) -> String {
        guard let value else { return "" }
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the export text of `value` (nothing for NaN or infinity).
    public static func append(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { return }
        if value == 0 {  // both +0 and -0
            out.append(UInt8(ascii: "0"))
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
