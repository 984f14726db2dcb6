import Foundation
import JingzhunCore
import Testing

@testable import JingzhunReports

/// The section on `mpi_guarantees` (issue 18) on the national and province pages: the values it
/// shows are the exported rows, printed with their decimals; years without rows show `—`; the
/// charts' labels never overlap; without the index in the store the pages are unchanged.
@Suite struct MultidimensionalPovertySectionTests {
    static let dimensions = ["income", "food_clothing", "water", "housing", "medical", "schooling"]

    /// Rows of the index for 2020 only (2019 has none: an absent year). The county 522623 has
    /// nobody poor: M0 0, A and the contributions null.
    static func rows() -> [IndicatorRow] {
        let areas: [(AreaLevel, String, Double?, Double?)] = [
            (.nation, "CN", 0.123456, 0.41234), (.province, "52", 0.2, 0.45), (.prefecture, "5226", 0.2, 0.45),
            (.county, "522623", 0, nil), (.county, "522624", 0.25, 0.5), (.province, "42", 0.05, 0.37),
            (.prefecture, "4211", 0.05, 0.37), (.county, "421124", 0.05, 0.37),
        ]
        var rows: [IndicatorRow] = []
        for (level, code, h, a) in areas {
            func row(_ id: String, _ value: Double?) -> IndicatorRow {
                IndicatorRow(year: 2020, level: level, areaCode: code, indicator: "mpi_guarantees_" + id, value: value)
            }
            let m0 = h.map { h in a.map { h * $0 } ?? 0 }
            rows += [row("h", h), row("a", a), row("m0", m0)]
            for (position, dimension) in dimensions.enumerated() {
                rows.append(row("censored_" + dimension, h.map { $0 * Double(position + 1) / 10 }))
                rows.append(row("contribution_" + dimension, a == nil ? nil : [40, 20, 10, 12.5, 7.5, 10][position]))
            }
        }
        return rows
    }

    static var data: ReportData {
        var data = Fixture.data
        data.indicators += rows()
        return data
    }

    static func render(
        _ report: ReportName, area: String? = nil, year: Int32 = 2020, format: ReportFormat = .html,
        data: ReportData = data, options: ReportOptions = ReportOptions()
    ) throws -> String {
        let bytes = try ReportRenderer(options: options).render(
            report: report, year: year, area: area, format: format, data: data, templates: Fixture.templates())
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of the section (from its heading to its end).
    static func section(_ html: String) -> String {
        guard let start = html.range(of: "<section id=\"mpi\">"),
            let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func valuesShownAreTheExportedRows() throws {
        let section = Self.section(try Self.render(.national))
        #expect(!section.isEmpty)
        // H, A, M0 of the nation and each province, with 4 decimals (the index unit's).
        #expect(
            section.contains("<td class=\"num\">0.1235</td><td class=\"num\">0.4123</td><td class=\"num\">0.0509</td>"))
        #expect(
            section.contains("<td class=\"num\">0.2000</td><td class=\"num\">0.4500</td><td class=\"num\">0.0900</td>"))
        #expect(
            section.contains("<td class=\"num\">0.0500</td><td class=\"num\">0.3700</td><td class=\"num\">0.0185</td>"))
        // Every dimension's censored headcount and contribution of the nation.
        for (position, dimension) in Self.dimensions.enumerated() {
            let censored = ValueFormatter.display(0.123456 * Double(position + 1) / 10, unit: .index, decimals: 4)
            let contribution = ValueFormatter.display(
                [40, 20, 10, 12.5, 7.5, 10][position], unit: .percent, decimals: 1)
            #expect(
                section.contains("<td class=\"num\">\(censored)</td><td class=\"num\">\(contribution)</td>"),
                "\(dimension)")
        }
        #expect(section.contains("Income (收入)</td><td class=\"\">1/3</td>"))
        // The province page lists its prefecture and counties; nobody poor in 522623: M0 0, A —.
        let province = Self.section(try Self.render(.province, area: "52"))
        #expect(
            province.contains(
                "522623 施秉县</td><td class=\"num\">0.0000</td><td class=\"num\">—</td>"
                    + "<td class=\"num\">0.0000</td>"))
        #expect(province.contains("Dimensions of the index: 52 贵州省, 2020"))
    }

    /// 2019 has no row of the index: its trend rows show —, the line has no point there, and the
    /// 2019 page still has the section (the store has the index), with — for every value.
    @Test func absentYearsShowNoValue() throws {
        let section = Self.section(try Self.render(.national))
        #expect(
            section.contains(
                "<tr class=\"\"><td class=\"\">2019</td><td class=\"num\">—</td><td class=\"num\">—</td>"
                    + "<td class=\"num\">—</td>"))
        #expect(section.contains("<tr class=\"total\"><td class=\"\">2020</td><td class=\"num\">0.1235</td>"))
        let earlier = Self.section(try Self.render(.national, year: 2019))
        #expect(earlier.contains("Multidimensional poverty of the guarantees by area, 2019"))
        #expect(
            earlier.contains(
                "CN 全国</td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>"))
        #expect(earlier.contains("no data"))  // the contribution bars of 2019
    }

    /// A store without the index (a catalogue that lacks it): no section, pages as before.
    @Test func noIndexNoSection() throws {
        for format in [ReportFormat.html, .md] {
            let plain = try Self.render(.national, format: format, data: Fixture.data)
            #expect(!plain.contains("Multidimensional poverty of the guarantees"))
        }
    }

    @Test func markdownHasTheSameSection() throws {
        let md = try Self.render(.province, area: "52", format: .md)
        #expect(md.contains("## Multidimensional poverty of the guarantees (两不愁三保障多维贫困)"))
        #expect(md.contains("| 52 贵州省 | 0.2000 | 0.4500 | 0.0900 |"))
        #expect(md.contains("*Chart: Contributions of the dimensions to M0: 52 贵州省, 2020"))
    }

    /// Every chart of the section, English and Chinese, national and both provinces, both years:
    /// no label overlaps another or a line (the check of ChartLayoutTests).
    @Test func chartLabelsDoNotOverlap() throws {
        var count = 0
        for language in [ReportLanguage.en, .zh] {
            var options = ReportOptions()
            options.language = language
            for year: Int32 in [2019, 2020] {
                for (report, area) in [(ReportName.national, nil), (.province, "52"), (.province, "42")]
                    as [(ReportName, String?)]
                {
                    var html = Substring(
                        Self.section(try Self.render(report, area: area, year: year, options: options)))
                    while let start = html.range(of: "<svg "),
                        let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
                    {
                        let problems = try ChartLayoutTests.problems(String(html[start.lowerBound..<end.upperBound]))
                        #expect(problems.isEmpty, "\(report) \(area ?? "") \(year) \(language): \(problems.prefix(5))")
                        count += 1
                        html = html[end.upperBound...]
                    }
                }
            }
        }
        #expect(count == 2 * 2 * 3 * 3)
    }
}
