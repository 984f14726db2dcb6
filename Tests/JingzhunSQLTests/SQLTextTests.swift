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
        #expect(
            SQLArithmetic.compare(pcni, ">", line) == "((net_income * 100) > (poverty_line * NULLIF(100 * size, 0)))")
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

/// Views of tables with and without files.
struct StoreViewsTests {
    static let columns = [
        SQLTableSource.Column(name: "year", deltaType: "integer"),
        SQLTableSource.Column(name: "province", deltaType: "string"),
        SQLTableSource.Column(name: "village_code", deltaType: "string"),
        SQLTableSource.Column(name: "submission", deltaType: "string"),
    ]

    @Test func aTableWithoutFilesIsATypedEmptyView() {
        let store = SQLStore(
            root: "/s",
            tables: [
                SQLTableSource(
                    name: "villages", columns: Self.columns, partitionColumns: ["year", "province"], files: [])
            ])
        let text = StoreViews.statements(store, dialect: .spark)
        #expect(text.contains("SELECT CAST(NULL AS INTEGER) AS year, CAST(NULL AS STRING) AS province,"))
        #expect(text.contains("FROM (SELECT 1 AS one) AS nothing WHERE 1 = 0"))
    }

    @Test func partitionValuesAreTypedLiteralsPerFile() {
        let files = [
            SQLTableSource.File(
                path: "/s/villages/year=2019/province=52/a.parquet",
                partitionValues: ["year": "2019", "province": "52"]),
            SQLTableSource.File(
                path: "/s/villages/year=2019/province=53/b.parquet",
                partitionValues: ["year": "2019", "province": "53"]),
        ]
        let store = SQLStore(
            root: "/s",
            tables: [
                SQLTableSource(
                    name: "villages", columns: Self.columns, partitionColumns: ["year", "province"], files: files)
            ])
        let text = StoreViews.statements(store, dialect: .duckdb)
        #expect(
            text.contains(
                "SELECT CAST('2019' AS INTEGER) AS year, CAST('53' AS VARCHAR) AS province, village_code, submission "
                    + "FROM read_parquet('/s/villages/year=2019/province=53/b.parquet')"
            ))
        #expect(text.ranges(of: "UNION ALL").count == 1)
        // Rows of a submission not in force are dropped even if a file holds them.
        #expect(text.contains("SELECT 1 FROM submissions_in_force AS s"))
    }
}
