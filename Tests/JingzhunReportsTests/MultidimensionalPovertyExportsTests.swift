import Foundation
import JingzhunCore
import Testing

@testable import JingzhunReports

/// `mpi_guarantees` beyond the HTML and Markdown section (issue 18): the CSV reports carry its 15
/// ids as columns, the workbooks its tables as sheets, and the definitions page lists it (and the
/// other shipped indicators beyond indicators.md) after indicators.md's 42. Without the index in
/// the store the CSV and the workbook's sheets are what they were.
@Suite struct MultidimensionalPovertyExportsTests {
    static let ids =
        ["h", "a", "m0"]
        + MultidimensionalPovertySectionTests.dimensions.flatMap { ["censored_" + $0, "contribution_" + $0] }

    /// Header → value of the CSV row of `area` (the CSV starts with a byte-order mark by default).
    static func csvRow(_ csv: String, area: String) -> [String: String] {
        let lines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first, let row = lines.first(where: { $0.count > 1 && $0[1] == area }) else {
            return [:]
        }
        return Dictionary(uniqueKeysWithValues: zip(header, row))
    }

    @Test func csvReportsCarryTheIndexColumns() throws {
        let national = try MultidimensionalPovertySectionTests.render(.national, format: .csv)
        let header = try #require(
            national.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").first)
        // After the headline and exit columns, in the catalogue's order.
        #expect(
            header.hasSuffix(
                "exit_income_bunching_pct," + Self.ids.map { "mpi_guarantees_" + $0 }.joined(separator: ",")))
        // The values are the rows (MultidimensionalPovertySectionTests.rows), printed as the section prints them.
        let nation = Self.csvRow(national, area: "CN")
        #expect(
            nation["mpi_guarantees_h"] == "0.1235" && nation["mpi_guarantees_a"] == "0.4123"
                && nation["mpi_guarantees_m0"] == "0.0509")
        #expect(nation["mpi_guarantees_contribution_income"] == "40.0")
        #expect(
            nation["mpi_guarantees_censored_water"]
                == ValueFormatter.display(0.123456 * 3 / 10, unit: .index, decimals: 4))
        let province = try MultidimensionalPovertySectionTests.render(.province, area: "52", format: .csv)
        // Nobody poor in 522623: M0 0, A and the contributions empty (null).
        let county = Self.csvRow(province, area: "522623")
        #expect(
            county["mpi_guarantees_m0"] == "0.0000" && county["mpi_guarantees_a"] == ""
                && county["mpi_guarantees_contribution_water"] == "")
        // Without the index: no column of it.
        let plain = try MultidimensionalPovertySectionTests.render(.national, format: .csv, data: Fixture.data)
        #expect(!plain.contains("mpi_guarantees"))
    }

    @Test func workbookHasTheSectionSheets() throws {
        let style = FormatStyle.workbook(options: ReportOptions())
        let with = AreaReportModel.build(
            index: ReportIndex(MultidimensionalPovertySectionTests.data), year: 2020, province: "52", style: style)
        let names = with.workbookSheets.map(\.name)
        #expect(
            names.suffix(7) == [
                "MPI by area", "MPI dimensions", "Chart mpi-contributions", "Chart mpi-trend",
                "Chart mpi-contribution-trend",
                "MPI trends", "Indicators used",
            ])
        #expect(names.allSatisfy { $0.count <= XLSXWorkbook.sheetNameLimit })
        let areas = try #require(with.workbookSheets.first { $0.name == "MPI by area" }?.table)
        #expect(areas.rows.first?.cells.map(\.text) == ["52 贵州省", "0.2000", "0.4500", "0.0900"])
        let without = AreaReportModel.build(index: ReportIndex(Fixture.data), year: 2020, province: "52", style: style)
        #expect(without.workbookSheets.map(\.name) == names.filter { !$0.contains("MPI") && !$0.contains("mpi") })
    }

    /// The definitions page: indicators.md's 42 first, then what `beyondContractIndicators` and
    /// `addedIndicators` give, each anchored by its id, an id listed once.
    @Test func definitionsPageListsTheShippedIndicatorsBeyondTheContract() throws {
        var data = Fixture.data
        let h = IndicatorDefinition(
            id: "mpi_guarantees_h",
            summary: "Multidimensional poverty of the guarantees (Alkire–Foster): incidence (H)",
            unit: .index, levels: Set(AreaLevel.allCases), decimals: 4,
            formula: "Alkire–Foster over household, k = 1/3")
        let returns = IndicatorDefinition(
            id: "returned_within_two_years_pct", summary: "Returns to poverty within two years of exit (返贫)",
            unit: .percent,
            levels: Set(AreaLevel.allCases), decimals: 1, formula: "100 · |R| / |D|",
            labelChinese: "脱贫两年内返贫率")
        let added = IndicatorDefinition(
            id: "x_added", summary: "An added count", unit: .count, levels: Set(AreaLevel.allCases), decimals: 0,
            formula: "count of household")
        data.beyondContractIndicators = [h, returns]
        data.addedIndicators = [added, h]  // h again: listed once
        let html = try #require(
            try ReportRenderer().renderSite(data: data, templates: Fixture.templates()).first {
                $0.relativePath == "definitions.html"
            })
        let text = String(decoding: html.bytes, as: UTF8.self)
        let anchors = text.matches(of: /<td class="[^"]*" id="([a-z0-9_]+)">/).map { String($0.1) }
        #expect(
            anchors == IndicatorCatalogue.definitions.map(\.id) + [
                "mpi_guarantees_h", "returned_within_two_years_pct", "x_added",
            ])
        #expect(text.contains("脱贫两年内返贫率"))
        #expect(text.contains("100 · |R| / |D|"))
        // Without them: indicators.md's 42 only, as before.
        let plain = try #require(
            try ReportRenderer().renderSite(data: Fixture.data, templates: Fixture.templates()).first {
                $0.relativePath == "definitions.html"
            })
        #expect(
            String(decoding: plain.bytes, as: UTF8.self).matches(of: /<td class="[^"]*" id="([a-z0-9_]+)">/).count == 42
        )
    }
}
