public import JingzhunCore
import JingzhunIO

/// Prints indicator values with the unit and decimals of the catalogue.
///
/// Pure and locale-free: the digits are produced here, not by `printf` or Foundation's
/// formatters, so output is identical on every machine. Rounding: the value times 10^decimals is
/// rounded half away from zero (as a double, so 1.005 with 2 decimals prints 1.00: the double
/// nearest 1.005 is below it). Non-finite values, which the contract never stores, print
/// as null.
public enum ValueFormatter {
    /// What a null prints as in HTML and Markdown.
    public static let nullDisplay = "—"

    /// Fixed-point text with exactly `decimals` digits after the point, no grouping: `-1234.50`.
    ///
    /// Negative zero and values that round to zero print without a sign.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 9, "report decimals must be 0...9")
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 a double holds no fractional digits anyway; print its integer value.
        guard scaled < 9.0e15 else {
            let integer = value.rounded(.toNearestOrAwayFromZero)
            let digits = String(Int64(exactly: integer.magnitude) ?? Int64.max)
            return (value < 0 ? "-" : "") + digits + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "")
        }
        let units = Int64(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        let integerPart = String(units / scale)
        guard decimals > 0 else { return sign + integerPart }
        let fraction = String(units % scale)
        return sign + integerPart + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// Inserts a comma between groups of three integer digits: `1234567.5` → `1,234,567.5`.
    public static func grouped(_ text: String) -> String {
        var sign = ""
        var body = Substring(text)
        if body.first == "-" {
            sign = "-"
            body = body.dropFirst()
        }
        let integerDigits = body.prefix { $0 != "." }
        let rest = body.dropFirst(integerDigits.count)
        var out = ""
        for (offset, digit) in integerDigits.enumerated() {
            if offset > 0 && (integerDigits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return sign + out + rest
    }

    /// Text for HTML and Markdown: grouped digits and the unit (`1,234`, `2.35%`, `¥12,345`,
    /// `+1.2 pp`, `0.0123`, `yes`/`no`); `—` for null.
    public static func display(_ value: Double?, unit: IndicatorUnit, decimals: Int) -> String {
        guard let value, value.isFinite else { return nullDisplay }
        let digits = fixed(value, decimals: decimals)
        switch unit {
        case .count: return grouped(digits)
        case .percent: return grouped(digits) + "%"
        case .yuan: return digits.hasPrefix("-") ? "-¥" + grouped(String(digits.dropFirst())) : "¥" + grouped(digits)
        case .index: return digits
        case .percentagePoints:
            // A gap reads better with its sign; zero has none.
            let signed =
                digits.hasPrefix("-") || value.magnitude * pow10(decimals) < 0.5
                ? grouped(digits) : "+" + grouped(digits)
            return signed + " pp"
        case .flag: return value != 0 ? "yes" : "no"
        }
    }

    /// Display text of a catalogue indicator.
    public static func display(_ value: Double?, indicator: IndicatorDefinition) -> String {
        display(value, unit: indicator.unit, decimals: indicator.decimals)
    }

    /// Text for a CSV cell: fixed decimals, no grouping and no unit, flags as `1`/`0`; empty for null.
    ///
    /// These cells are produced here from numbers, never from submitted text, so a leading `-`
    /// is a negative number and is not neutralised (see `TextEscaping.csvText`).
    public static func csv(_ value: Double?, unit: IndicatorUnit, decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        if unit == .flag { return value != 0 ? "1" : "0" }
        return fixed(value, decimals: decimals)
    }

    /// CSV text of a catalogue indicator.
    public static func csv(_ value: Double?, indicator: IndicatorDefinition) -> String {
        csv(value, unit: indicator.unit, decimals: indicator.decimals)
    }

    /// Integer count with grouping (`12,345`).
    public static func count(_ value: Int) -> String { grouped(String(value)) }

    private static func pow10(_ decimals: Int) -> Double {
        var result = 1.0
        for _ in 0..<decimals { result *= 10 }
        return result
    }
}
