import Foundation
import JingzhunCore
import JingzhunTesting
import Testing

@testable import JingzhunIndicators

@Suite struct ExportNumberFormatTests {
    @Test(arguments: [
        (100.0, "100"),
        (0.1, "0.1"),
        (1.0 / 3, "0.3333333333333333"),
        (-0.0, "0"),
        (0.0, "0"),
        (-2.5, "-2.5"),
        (1e-7, "1e-07"),  // as Swift and Python print it
        (1.5e-7, "1.5e-07"),
        (0.0001, "0.0001"),
        (0.00009999, "9.999e-05"),
        (6.250000000272848e-13, "6.250000000272848e-13"),
        (1e-5, "1e-05"),
        (0.001, "0.001"),
        (5e20, "500000000000000000000"),  // Swift: 5e+20
        (1e16, "10000000000000000"),  // Swift: 1e+16
        (9_007_199_254_740_992.0, "9007199254740992"),  // 2^53, Swift: 9007199254740992.0
        (123_456_789_012_345_680.0, "123456789012345680"),  // Swift: 1.2345678901234568e+17
        (2530.0000000000005, "2530.0000000000005"),
        (-1234.5, "-1234.5"),
        (18.421052631578945, "18.421052631578945"),
        (4050.000833333333, "4050.000833333333"),
    ])
    func formats(value: Double, expected: String) {
        #expect(ExportNumberFormat.text(value) == expected)
        // Shortest round-trip text: it parses back to the same double.
        #expect(Double(expected) == value)
    }

    @Test func nullAndNonFiniteAreEmpty() {
        #expect(ExportNumberFormat.text(nil) == "")
        #expect(ExportNumberFormat.text(.nan) == "")
        #expect(ExportNumberFormat.text(.infinity) == "")
    }

    @Test func roundTripsOverManyMagnitudes() {
        // Seeded walk over magnitudes 1e-9 … 1e17: every text parses back exactly, is Swift's
        // `description` when the value has a fraction, and a plain integer otherwise.
        var state: UInt64 = 0x5EED
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(state >> 11) / Double(1 << 53)
            let exponent = Int((state >> 3) % 27) - 9
            let value = (mantissa + 0.01) * pow(10, Double(exponent)) * ((state & 1) == 0 ? 1 : -1)
            let text = ExportNumberFormat.text(value)
            #expect(Double(text) == value, "\(value) → \(text)")
            if value == value.rounded() {
                #expect(!text.contains(".") && !text.contains("e"))
            } else {
                #expect(text == value.description)
            }
        }
    }
}

@Suite struct ExportWriterTests {
    @Test func indicatorsGolden() {
        // Deliberately out of order: the writer sorts by year, level (nation first), area code,
        // then indicator id bytewise ("poor_population" < "poverty_incidence_pct").
        let rows = [
            IndicatorRow(
                year: 2019, level: .county, areaCode: "520102", indicator: "poverty_incidence_pct", value: 2.5),
            IndicatorRow(
                year: 2019, level: .county, areaCode: "330102", indicator: "poverty_incidence_pct", value: nil),
            IndicatorRow(
                year: 2019, level: .nation, areaCode: "CN", indicator: "poverty_incidence_pct", value: 1.0 / 3),
            IndicatorRow(year: 2019, level: .nation, areaCode: "CN", indicator: "poor_population", value: 100),
            IndicatorRow(year: 2018, level: .province, areaCode: "52", indicator: "poor_population", value: -0.0),
            IndicatorRow(year: 2019, level: .prefecture, areaCode: "5201", indicator: "poor_population", value: 1e-7),
        ]
        let expected = """
            year,level,area_code,indicator,value
            2018,province,52,poor_population,0
            2019,nation,CN,poor_population,100
            2019,nation,CN,poverty_incidence_pct,0.3333333333333333
            2019,prefecture,5201,poor_population,1e-07
            2019,county,330102,poverty_incidence_pct,
            2019,county,520102,poverty_incidence_pct,2.5

            """
        #expect(String(decoding: ExportWriter.indicatorsCSV(rows), as: UTF8.self) == expected)
        #expect(!ExportWriter.indicatorsCSV(rows).contains(UInt8(ascii: "\r")))
    }

    @Test func breakdownsGolden() {
        let rows = [
            BreakdownRow(
                year: 2019, level: .county, areaCode: "330102", dimension: "measure", member: "health", households: 2,
                population: nil),
            BreakdownRow(
                year: 2019, level: .county, areaCode: "330102", dimension: "cause", member: "illness", households: 1,
                population: 3),
            BreakdownRow(
                year: 2019, level: .county, areaCode: "330102", dimension: "cause", member: "disability", households: 0,
                population: 0),
            BreakdownRow(
                year: 2019, level: .nation, areaCode: "CN", dimension: "category", member: "general", households: 3,
                population: 6),
        ]
        let expected = """
            year,level,area_code,dimension,member,households,population
            2019,nation,CN,category,general,3,6
            2019,county,330102,cause,disability,0,0
            2019,county,330102,cause,illness,1,3
            2019,county,330102,measure,health,2,

            """
        #expect(String(decoding: ExportWriter.breakdownsCSV(rows), as: UTF8.self) == expected)
    }

    @Test func fieldsWithCommasAreQuoted() {
        let row = IndicatorRow(year: 2019, level: .county, areaCode: "a,\"b\"", indicator: "x", value: 1)
        #expect(
            String(decoding: ExportWriter.indicatorsCSV([row]), as: UTF8.self)
                == "year,level,area_code,indicator,value\n2019,county,\"a,\"\"b\"\"\",x,1\n")
    }

    @Test func emptyInputIsTheHeaderOnly() {
        #expect(ExportWriter.indicatorsCSV([]) == Array("year,level,area_code,indicator,value\n".utf8))
        #expect(
            ExportWriter.breakdownsCSV([])
                == Array("year,level,area_code,dimension,member,households,population\n".utf8))
    }

    /// The whole export of the base-set fixture, against committed snapshots
    /// (`JINGZHUN_RECORD=1` re-records; a recording run still fails).
    @Test func baseSetSnapshot() throws {
        let result = BaseSetFixture.compute()
        assertSnapshot(ExportWriter.indicatorsCSV(result.indicators), named: "base-set.indicators.csv")
        assertSnapshot(ExportWriter.breakdownsCSV(result.breakdowns), named: "base-set.breakdowns.csv")
    }
}
