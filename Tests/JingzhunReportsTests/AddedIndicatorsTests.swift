import Foundation
import JingzhunCore
import JingzhunReports
import Testing

/// catalogue.md: the reports list the indicators a pipeline's catalogue adds in a table of their
/// own (national and province reports), and show no such table when there are none.
@Suite struct AddedIndicatorsTests {
    static var data: ReportData {
        var data = Fixture.data
        data.addedIndicators = [
            IndicatorDefinition(
                id: "poor_heads_lost_labor", summary: "Poor households whose head has lost labour capacity",
                unit: .count,
                levels: Set(AreaLevel.allCases), decimals: 0, formula: "count of member where …",
                labelChinese: "户主丧失劳动能力的贫困户数"),
            IndicatorDefinition(
                id: "mpi_h", summary: "Multidimensional poverty: incidence (H)", unit: .index,
                levels: Set(AreaLevel.allCases),
                decimals: 4, formula: "Alkire–Foster …"),
        ]
        for (area, level, heads, h) in [("CN", AreaLevel.nation, 1234.0, 0.12345), ("52", .province, 26, 0.5)] {
            data.indicators.append(
                IndicatorRow(year: 2020, level: level, areaCode: area, indicator: "poor_heads_lost_labor", value: heads)
            )
            data.indicators.append(IndicatorRow(year: 2020, level: level, areaCode: area, indicator: "mpi_h", value: h))
        }
        return data
    }

    static func render(
        _ report: ReportName, area: String?, format: ReportFormat, data: ReportData, language: ReportLanguage = .en
    )
        throws -> String
    {
        let bytes = try ReportRenderer(options: ReportOptions(language: language)).render(
            report: report, year: 2020, area: area, format: format, data: data, templates: Fixture.templates())
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func nationalAndProvinceReportsListAddedIndicators() throws {
        let national = try Self.render(.national, area: nil, format: .html, data: Self.data)
        #expect(national.contains("<h2>Added indicators</h2>"))
        #expect(national.contains("<caption>Added indicators (pipeline catalogue): "), "\(national)")
        #expect(
            national.contains(
                "<tr class=\"\"><td class=\"\">Poor households whose head has lost labour capacity "
                    + "(户主丧失劳动能力的贫困户数)</td>"
                    + "<td class=\"num\">1,234</td><td class=\"\">count</td></tr>"), "\(national)")
        #expect(
            national.contains(
                "<td class=\"\">Multidimensional poverty: incidence (H)</td><td class=\"num\">0.1235</td>"))

        let province = try Self.render(.province, area: "52", format: .md, data: Self.data)
        #expect(province.contains("## Added indicators"))
        #expect(
            province.contains(
                "| Poor households whose head has lost labour capacity (户主丧失劳动能力的贫困户数) "
                    + "| 26 | count |"),
            "\(province)")
        #expect(province.contains("| Multidimensional poverty: incidence (H) | 0.5000 | index |"))
        // The table sits after the exits, before the causes.
        let added = try #require(province.range(of: "## Added indicators"))
        #expect(try #require(province.range(of: "## Exits")).lowerBound < added.lowerBound)
        #expect(added.upperBound < (try #require(province.range(of: "## Causes of poverty"))).lowerBound)

        // The reader's language first.
        let zh = try Self.render(.national, area: nil, format: .md, data: Self.data, language: .zh)
        #expect(
            zh.contains(
                "| 户主丧失劳动能力的贫困户数 (Poor households whose head has lost labour capacity) "
                    + "| 1,234 | 个数 |"),
            "\(zh)")
    }

    @Test func noTableWithoutAddedIndicators() throws {
        for (report, area) in [(ReportName.national, nil as String?), (.province, "52")] {
            for format in [ReportFormat.html, .md] {
                let plain = try Self.render(report, area: area, format: format, data: Fixture.data)
                #expect(!plain.contains("Added indicators"), "\(report) \(format)")
                #expect(!plain.contains("poor_heads_lost_labor"))
            }
        }
    }
}
