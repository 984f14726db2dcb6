public import JingzhunCore

/// The pipeline's reference data (indicators.md: poverty line and national rural income per
/// year), written into the script as exact decimals.
///
/// A money parameter is an integer column over a power of ten (`poverty_line / 100` yuan), so
/// `pcni > poverty_line` is decided exactly, as the Swift engine decides it.
public struct SQLReference: Sendable {
    public var povertyLine: [Int32: Double]
    public var nationalRuralIncome: [Int32: Double]
    /// poverty_line = column `poverty_line` / this.
    let lineDenominator: Int64
    /// national_rural_income (and prev_) = column / this.
    let incomeDenominator: Int64

    public init(_ reference: NationalReference) {
        // indicators.md: a year whose line is missing gets null; a line that is not a positive
        // finite number is treated as missing, as the Swift engine does (ParameterValues).
        povertyLine = reference.povertyLine.filter { $0.value.isFinite && $0.value > 0 }
        nationalRuralIncome = reference.nationalRuralIncome.filter { $0.value.isFinite }
        lineDenominator = SQLReference.denominator(for: Array(povertyLine.values))
        incomeDenominator = SQLReference.denominator(for: Array(nationalRuralIncome.values))
    }

    /// 10^k for the most decimals among `values` (at least 2: yuan and fen), at most 10^9.
    static func denominator(for values: [Double]) -> Int64 {
        var scale = 2
        for value in values { scale = max(scale, decimal(value).scale) }
        var out: Int64 = 1
        for _ in 0..<min(scale, 9) { out *= 10 }
        return out
    }

    /// The shortest decimal that round-trips `value`: significand and digits after the point.
    static func decimal(_ value: Double) -> (digits: String, scale: Int) {
        var text = "\(value)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text.removeFirst()
        }
        var digits = text
        var scale = 0
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            digits = String(text[..<dot]) + fraction
            scale = fraction.count
        }
        scale -= exponent
        if scale < 0 {
            digits += String(repeating: "0", count: -scale)
            scale = 0
        }
        while scale > 0 && digits.hasSuffix("0") {
            digits.removeLast()
            scale -= 1
        }
        let trimmed = String(digits.drop(while: { $0 == "0" }))
        return ((negative ? "-" : "") + (trimmed.isEmpty ? "0" : trimmed), scale)
    }

    /// `value · denominator` as an integer literal (exact: the denominator has at least the digits).
    static func scaled(_ value: Double, by denominator: Int64) -> String {
        let (digits, scale) = decimal(value)
        var zeros = 0
        var d = denominator
        while d > 1 {
            d /= 10
            zeros += 1
        }
        guard zeros >= scale else {
            // More decimals than the denominator keeps (beyond 10^-9): the nearest integer.
            return String(Int64((value * Double(denominator)).rounded()))
        }
        let out = digits + String(repeating: "0", count: zeros - scale)
        return out == "-0" ? "0" : out
    }

    /// The `jz_reference` view: one row per year that has any reference value (and the year
    /// after each national income year, for `prev_national_rural_income`).
    func view(dialect: SQLDialect) -> String {
        var years = Set(povertyLine.keys).union(nationalRuralIncome.keys)
        for year in nationalRuralIncome.keys { years.insert(year + 1) }
        func exact(_ value: Double?, _ denominator: Int64) -> String {
            value.map { "CAST(\(SQLReference.scaled($0, by: denominator)) AS BIGINT)" } ?? "CAST(NULL AS BIGINT)"
        }
        func double(_ value: Double?) -> String {
            value.map { "CAST(\(SQLText.string("\($0)")) AS DOUBLE)" } ?? "CAST(NULL AS DOUBLE)"
        }
        let rows = years.sorted().map { year -> String in
            let line = povertyLine[year]
            let income = nationalRuralIncome[year]
            let before = nationalRuralIncome[year - 1]
            let columns: [String] = [
                "CAST(\(year) AS INTEGER) AS year",
                "\(exact(line, lineDenominator)) AS poverty_line",
                "\(double(line)) AS poverty_line_double",
                "\(exact(income, incomeDenominator)) AS national_rural_income",
                "\(double(income)) AS national_rural_income_double",
                "\(exact(before, incomeDenominator)) AS prev_national_rural_income",
                "\(double(before)) AS prev_national_rural_income_double",
            ]
            return "SELECT " + columns.joined(separator: ", ")
        }
        let nullColumns: [String] = [
            "CAST(NULL AS INTEGER) AS year", "CAST(NULL AS BIGINT) AS poverty_line",
            "CAST(NULL AS DOUBLE) AS poverty_line_double", "CAST(NULL AS BIGINT) AS national_rural_income",
            "CAST(NULL AS DOUBLE) AS national_rural_income_double",
            "CAST(NULL AS BIGINT) AS prev_national_rural_income",
            "CAST(NULL AS DOUBLE) AS prev_national_rural_income_double",
        ]
        let body =
            rows.isEmpty
            ? "SELECT " + nullColumns.joined(separator: ", ") + " FROM (SELECT 1 AS one) AS nothing WHERE 1 = 0"
            : rows.joined(separator: "\nUNION ALL\n")
        return """
            -- Reference data of the pipeline (indicators.md): money as an integer over a power of ten
            -- (poverty_line / \(lineDenominator), national_rural_income / \(incomeDenominator) yuan), and as DOUBLE.
            CREATE OR REPLACE TEMPORARY VIEW jz_reference AS
            \(body);


            """
    }
}
