import JingzhunCore

/// View model of the `county-exit` report: for each county of a province, every exit criterion
/// with value, threshold, margin and verdict, and the review path the figures serve.
struct CountyExitModel {
    var page: PageModel
    var provinceLabel: String
    var reviewPath: [ReviewStep]
    var summary: TableModel
    var counties: [CountySection]
    var hasCounties: Bool
    var csv: TableModel

    struct ReviewStep {
        var number: Int
        var text: String
    }

    struct CountySection {
        var heading: String
        var verdict: String
        var status: String
        var criteria: TableModel
        /// Id of the section (`county-520102`): the province report's county rows link here.
        var anchor: String
        /// The county's row in the province report (`province-52.html#area-520102`).
        var figuresHref: String
        var hasFigures: Bool
    }

    /// Review path of a county exit, from the reference data's exit_criteria.csv (county/procedure:
    /// 《关于建立贫困退出机制的意见》, 2016) and the 2017 special-assessment rules
    /// (shared/reference/SOURCES.md).
    static let reviewPathText = [
        "The county applies: its poverty-alleviation leading group proposes the exit "
            + "(县级扶贫开发领导小组提出).",
        "The prefecture reviews the application (市级扶贫开发领导小组初审).",
        "The province verifies, publishes the list for public comment and approves the exit "
            + "(省级核查、公示、批准退出).",
        "The exit is filed with the State Council Leading Group Office of Poverty Alleviation and Development "
            + "(报国务院扶贫开发领导小组办公室备案), which runs the special assessment "
            + "(专项评估检查).",
    ]

    static let wrongfulExitLimitPct = 2.0

    enum Verdict: String {
        case pass, fail
        case noData = "no data"
        case reference
        case above = "above national"
        case below = "below national"
        case eligible
        case notEligible = "not eligible"
        var status: String {
            switch self {
            case .pass, .eligible, .above: return "pass"
            case .fail, .notEligible, .below: return "fail"
            case .noData: return "none"
            case .reference: return "info"
            }
        }
        /// Text for people: a symbol as well as the word, so the verdict does not rely on colour.
        var display: String {
            switch status {
            case "pass": return "✔ " + rawValue
            case "fail": return "✘ " + rawValue
            default: return rawValue
            }
        }
    }

    struct Criterion {
        var name: String
        var indicator: IndicatorDefinition
        var value: Double?
        /// `<` (a ceiling), `>` (a floor) or empty (no threshold).
        var comparator: String
        /// Threshold in the unit of `indicator`; nil when the criterion has none.
        var threshold: Double?
        var margin: Double?
        var verdict: Verdict

        /// `< 3%`, `> 6.9%`, or `—`.
        var thresholdDisplay: String {
            guard let threshold else { return ValueFormatter.nullDisplay }
            return comparator + " " + ValueFormatter.display(threshold, indicator: indicator)
        }
    }

    static func criteria(index: ReportIndex, year: Int32, county: String) -> [Criterion] {
        func value(_ id: String) -> Double? { index.value(id, year: year, area: county) }
        let threshold = ReportIndex.exitThreshold(county)
        let incidence = value("poverty_incidence_pct")
        let wrongful = value("wrongful_exit_pct")
        let exited = value("exited_households")
        let growth = value("rural_income_growth_pct")
        let national = value("national_rural_income_growth_pct")
        let eligible = value("county_exit_eligible")
        return [
            Criterion(
                name: "Poverty incidence below the exit threshold",
                indicator: ReportIndex.definition("poverty_incidence_pct"), value: incidence,
                comparator: "<", threshold: threshold, margin: incidence.map { threshold - $0 },
                verdict: incidence.map { $0 < threshold ? .pass : .fail } ?? .noData),
            Criterion(
                name: "Wrongful exits (错退率) below 2%", indicator: ReportIndex.definition("wrongful_exit_pct"),
                value: wrongful,
                comparator: "<", threshold: wrongfulExitLimitPct, margin: wrongful.map { wrongfulExitLimitPct - $0 },
                verdict: exited == 0 ? .pass : wrongful.map { $0 < wrongfulExitLimitPct ? .pass : .fail } ?? .noData),
            Criterion(
                name: "Households meeting the two assurances and three guarantees (checked household by household)",
                indicator: ReportIndex.definition("guarantees_met_pct"), value: value("guarantees_met_pct"),
                comparator: "", threshold: nil, margin: nil, verdict: .reference),
            Criterion(
                name: "Rural income growth above the national growth (policy goal, not an exit condition)",
                indicator: ReportIndex.definition("rural_income_growth_pct"), value: growth,
                comparator: ">", threshold: national, margin: growth.flatMap { g in national.map { g - $0 } },
                verdict: growth.flatMap { g in national.map { g > $0 ? .above : .below } } ?? .noData),
            Criterion(
                name: "County meets the exit criteria (county_exit_eligible)",
                indicator: ReportIndex.definition("county_exit_eligible"), value: eligible,
                comparator: "", threshold: nil, margin: nil,
                verdict: eligible.map { $0 != 0 ? .eligible : .notEligible } ?? .noData),
        ]
    }

    static func build(index: ReportIndex, year: Int32, province: String, style: FormatStyle) -> CountyExitModel {
        let counties = index.areas(.county, under: province, year: year)
        let provinceLabel = index.label(province)
        let incidence = ReportIndex.definition("poverty_incidence_pct")
        let threshold = ReportIndex.definition("exit_threshold_pct")
        let wrongful = ReportIndex.definition("wrongful_exit_pct")
        let exited = ReportIndex.definition("exited_households")
        let marginUnit = IndicatorUnit.percentagePoints

        var sections: [CountySection] = []
        var summaryRows: [RowModel] = []
        var csvRows: [RowModel] = []
        for county in counties {
            let list = criteria(index: index, year: year, county: county)
            let overall = list[list.count - 1].verdict
            let label = index.label(county)
            let figures = style.href(SiteMap.base(.province, province: province), fragment: "area-\(county)")
            sections.append(
                CountySection(
                    heading: style.text(label), verdict: style.label(overall.display), status: overall.status,
                    criteria: TableModel(
                        caption: style.label("Exit criteria: ") + style.text(label),
                        headers: [
                            style.header("Criterion", machine: "criterion"),
                            style.header("Value", machine: "value", numeric: true),
                            style.header("Threshold", machine: "threshold", numeric: true),
                            style.header("Margin", machine: "margin_pp", numeric: true),
                            style.header("Verdict", machine: "verdict"),
                        ],
                        rows: list.map { criterion in
                            RowModel(cells: [
                                CellModel(style.label(criterion.name)),
                                style.cell(criterion.value, criterion.indicator),
                                CellModel(style.label(criterion.thresholdDisplay), numeric: true),
                                CellModel(
                                    style.value(
                                        criterion.margin, unit: marginUnit, decimals: criterion.indicator.decimals),
                                    numeric: true),
                                CellModel(style.label(criterion.verdict.display), status: criterion.verdict.status),
                            ])
                        }),
                    anchor: "county-\(county)", figuresHref: figures ?? "", hasFigures: figures != nil))
            summaryRows.append(
                RowModel(cells: [
                    CellModel(style.text(label)).linked(figures),
                    style.cell(index.value(incidence.id, year: year, area: county), incidence),
                    style.cell(ReportIndex.exitThreshold(county), threshold),
                    style.cell(index.value(wrongful.id, year: year, area: county), wrongful),
                    style.cell(index.value(exited.id, year: year, area: county), exited),
                    CellModel(style.label(overall.display), status: overall.status),
                ]))
            for criterion in list {
                csvRows.append(
                    RowModel(cells: [
                        CellModel(style.text(county)), CellModel(style.text(index.name(county) ?? "")),
                        CellModel(style.text(criterion.indicator.id)),
                        style.cell(criterion.value, criterion.indicator),
                        CellModel(style.text(criterion.comparator)),
                        CellModel(style.value(criterion.threshold, criterion.indicator), numeric: true),
                        CellModel(
                            style.value(criterion.margin, unit: marginUnit, decimals: criterion.indicator.decimals),
                            numeric: true),
                        CellModel(style.text(criterion.verdict.rawValue)),
                    ]))
            }
        }
        let summary = TableModel(
            caption: style.label("Summary by county: \(provinceLabel), \(year)"),
            headers: [
                style.header("County", machine: "county"), style.header(incidence), style.header(threshold),
                style.header(wrongful), style.header(exited), style.header("Verdict", machine: "verdict"),
            ], rows: summaryRows, emptyText: "No county of this province has data for the year.")
        let csv = TableModel(
            caption: "",
            headers: [
                style.header("County code", machine: "county_code"), style.header("County", machine: "county_name"),
                style.header("Indicator", machine: "indicator"), style.header("Value", machine: "value"),
                style.header("Comparator", machine: "comparator"), style.header("Threshold", machine: "threshold"),
                style.header("Margin", machine: "margin_pp"),
                style.header("Verdict", machine: "verdict"),
            ], rows: csvRows)
        let page = PageModel.build(
            title: "County exit review: \(provinceLabel), \(year)",
            subtitle: "贫困县退出评估 — criteria, thresholds and verdicts",
            year: year, report: .countyExit, province: province, index: index,
            indicators: [
                "poverty_incidence_pct", "exit_threshold_pct", "wrongful_exit_pct", "exited_households",
                "guarantees_met_pct", "rural_income_growth_pct", "national_rural_income_growth_pct",
                "county_exit_eligible",
            ], style: style,
            extraNotes: [
                "Margin: threshold minus value for a ceiling (room left before the threshold), value minus the "
                    + "national growth for income growth; positive is on the passing side.",
                "A county with no exits this year passes the wrongful-exit criterion (county_exit_eligible in the "
                    + "Definitions).",
                "The assessment's sample-based criteria (漏评率 below 2%, public approval above 90%) are not in the "
                    + "registry data and are not shown.",
            ])
        return CountyExitModel(
            page: page, provinceLabel: style.text(provinceLabel),
            reviewPath: reviewPathText.enumerated().map {
                ReviewStep(number: $0.offset + 1, text: style.label($0.element))
            },
            summary: summary, counties: sections, hasCounties: !sections.isEmpty, csv: csv)
    }
}
