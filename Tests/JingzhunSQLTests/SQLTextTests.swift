import JingzhunCatalogue
import Testing
@testable import JingzhunSQL

/// The pieces of SQL text whose mistakes would go unnoticed by the DuckDB agreement test
/// (which only sees the sample's values): exact reference decimals, quoting, exact comparisons.
struct SQLTextTests {
    @Test(arguments: [
        (2300.0, "2300", 0), (9429.59, "942959", 2), (0.1, "1", 1), (-12.5, "-125", 1), (1e-05, "1", 5),
        (1.5e20, "150000000000000000000", 0),
    ])
    func referenceValuesBecomeExactDecimals(value: Double, digits: String, scale: Int) {
        let decimal = SQLReference.decimal(value)
        #expect(decimal.digits == digits && decimal.scale == scale)
    }

    @Test func referenceValuesScaleToTheCommonDenominator() {
        #expect(SQLReference.denominator(for: [2300, 9429.59]) == 100)
        #expect(SQLReference.denominator(for: [2300.125]) == 1000)
        #expect(SQLReference.scaled(2300, by: 100) == "230000")
        #expect(SQLReference.scaled(9429.59, by: 1000) == "9429590")
    }

    @Test func literalsCannotEndTheStatement() {
        #expect(SQLText.string("it's; DROP") == "'it''s; DROP'")
        #expect(SQLDialect.spark.readParquet("/a`b.parquet") == "parquet.`/a``b.parquet`")
        #expect(SQLDialect.duckdb.readParquet("/o'k.parquet") == "read_parquet('/o''k.parquet')")
    }

    /// pcni > poverty_line compares integers (net · 100 > line · 100 · size), never a rounded quotient.
    @Test func quotientComparisonsCrossMultiply() {
        let pcni = SQLRowValue("net_income", .quotient(denominator: "NULLIF(100 * size, 0)"))
        let line = SQLRowValue("poverty_line", .exact(denominator: 100))
        #expect(SQLArithmetic.compare(pcni, ">", line) == "((net_income * 100) > (poverty_line * NULLIF(100 * size, 0)))")
        // 1.1 · line stays exact: 11 · line over 1000.
        let bound = SQLArithmetic.combine(SQLRowValue("11", .exact(denominator: 10)), .multiply, line)
        #expect(bound == SQLRowValue("(11 * poverty_line)", .exact(denominator: 1000)))
        // A negative divisor moves its sign to the numerator; zero becomes NULL.
        let quotient = SQLArithmetic.combine(.integer("a"), .divide, .integer("b"))
        #expect(quotient.numerator == "(CASE WHEN b < 0 THEN -(a) ELSE a END)")
        #expect(quotient.form == .quotient(denominator: "NULLIF(ABS(b), 0)"))
    }

    @Test func formulaPlaceholdersResolveToTheLayers() {
        let text = "({rural_income_growth_pct} - {prev:rural_income})"
        let references = SQLFormula.references(in: text)
        #expect(references.current == ["rural_income_growth_pct"] && references.previous == ["rural_income"])
        #expect(SQLFormula.resolve(text) == "(v.i_rural_income_growth_pct - p.i_rural_income)")
    }
}
