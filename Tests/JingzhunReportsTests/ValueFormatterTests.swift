import JingzhunCore
import JingzhunReports
import Testing

@Suite struct ValueFormatterTests {
    @Test(arguments: [
        (1234567.5, 0, "1234568"),  // half away from zero
        (-1.25, 1, "-1.3"),
        (-0.004, 2, "0.00"),  // rounds to zero: no sign
        (0.125, 2, "0.13"),
        (7, 3, "7.000"),
        (0.05, 1, "0.1"),
        (2.675, 2, "2.68"),  // 2.675 × 100 is exactly 267.5 in binary
        (1.005, 2, "1.00"),  // 1.005 × 100 is 100.49999999999999
        (-0.0, 1, "0.0"),
        (20, 0, "20"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(ValueFormatter.fixed(value, decimals: decimals) == expected)
    }

    @Test func grouping() {
        #expect(ValueFormatter.grouped("1234567.89") == "1,234,567.89")
        #expect(ValueFormatter.grouped("-1234") == "-1,234")
        #expect(ValueFormatter.grouped("-123") == "-123")
        #expect(ValueFormatter.grouped("100") == "100")
        #expect(ValueFormatter.grouped("1000") == "1,000")
    }

    @Test(
        arguments: [
            (1_234_567, IndicatorUnit.count, 0, "1,234,567"),
            (2.5, .percent, 2, "2.50%"),
            (12345.5, .yuan, 0, "¥12,346"),
            (-50, .yuan, 0, "-¥50"),
            (1.25, .percentagePoints, 1, "+1.3 pp"),
            (-0.04, .percentagePoints, 1, "0.0 pp"),
            (-2, .percentagePoints, 1, "-2.0 pp"),
            (0.012345, .index, 4, "0.0123"),
            (1, .flag, 0, "yes"),
            (0, .flag, 0, "no"),
        ] as [(Double, IndicatorUnit, Int, String)])
    func display(value: Double, unit: IndicatorUnit, decimals: Int, expected: String) {
        #expect(ValueFormatter.display(value, unit: unit, decimals: decimals) == expected)
    }

    @Test func nullAndNonFinite() {
        for value in [nil, Double.nan, .infinity, -.infinity] as [Double?] {
            #expect(ValueFormatter.display(value, unit: .percent, decimals: 2) == "—")
            #expect(ValueFormatter.csv(value, unit: .percent, decimals: 2) == "")
        }
    }

    @Test func csvCells() {
        #expect(ValueFormatter.csv(1, unit: .flag, decimals: 0) == "1")
        #expect(ValueFormatter.csv(0, unit: .flag, decimals: 0) == "0")
        #expect(ValueFormatter.csv(-1.25, unit: .percent, decimals: 1) == "-1.3")
        #expect(ValueFormatter.csv(1_234_567, unit: .count, decimals: 0) == "1234567")
        #expect(ValueFormatter.csv(12345.5, unit: .yuan, decimals: 0) == "12346")
    }

    /// Every catalogue entry prints with its own decimals and unit (the registry is the source of truth).
    @Test func followsTheCatalogue() throws {
        for definition in IndicatorCatalogue.definitions {
            let text = ValueFormatter.display(1234.5, indicator: definition)
            let csv = ValueFormatter.csv(1234.5, indicator: definition)
            switch definition.unit {
            case .flag:
                #expect(text == "yes" && csv == "1", "\(definition.id)")
                continue
            case .percent: #expect(text.hasSuffix("%"), "\(definition.id)")
            case .yuan: #expect(text.hasPrefix("¥"), "\(definition.id)")
            case .percentagePoints: #expect(text.hasPrefix("+") && text.hasSuffix(" pp"), "\(definition.id)")
            case .count, .index: break
            }
            let fraction = csv.split(separator: ".", omittingEmptySubsequences: false)
            #expect(
                definition.decimals == 0 ? fraction.count == 1 : fraction.last?.count == definition.decimals,
                "\(definition.id): \(csv)")
            #expect(csv == ValueFormatter.fixed(1234.5, decimals: definition.decimals))
        }
        // Hand-worked values for the ids the headline tables use.
        let incidence = try #require(IndicatorCatalogue.definition("poverty_incidence_pct"))
        #expect(ValueFormatter.display(20.0 / 3, indicator: incidence) == "6.67%")  // catalogue: 2 decimals
        let population = try #require(IndicatorCatalogue.definition("registered_population"))
        #expect(ValueFormatter.display(1234.5, indicator: population) == "1,235")
    }
}
