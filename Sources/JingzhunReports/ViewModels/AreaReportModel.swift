import JingzhunCore

/// View model of the `national` and `province` reports: headline table by sub-area, exits,
/// charts, trends across years and the causes of poverty of the area.
struct AreaReportModel {
    var page: PageModel
    var headline: TableModel
    var exits: TableModel
    var causes: TableModel
    var categories: TableModel
    var measures: TableModel
    var charts: [ChartModel]
    var trends: TableModel
    var trendChart: ChartModel
    /// The key indicators over the years of the store (up to the report's year), one line chart each.
    var trendCharts: [ChartModel]
    /// One wide machine table (rows: the area and every sub-area; columns: indicator ids).
    var csv: TableModel
    /// The section on `mpi_guarantees` (issue 18): one element, or none when the store lacks the index.
    var mpi: [MultidimensionalPovertyModel] = []
    /// Household dynamics (province reports only; TransitionsModel).
    var dynamics: [TransitionsModel] = []
    /// The indicators the pipeline's catalogue adds, for the area (none, or one table).
    var addedIndicators: [TableModel] = []
}

extension AreaReportModel {
    static let headlineIndicators = [
        "registered_population", "poor_population", "poverty_incidence_pct", "exited_population",
        "guarantees_met_pct", "rural_income_growth_pct", "income_growth_gap_pp",
    ]
    static let exitIndicators = [
        "exited_households", "exited_population", "returned_population", "wrongful_exit_pct",
        "exit_income_bunching_pct",
    ]
    static let trendIndicators = [
        "registered_population", "poor_population", "poverty_incidence_pct", "exited_population", "guarantees_met_pct",
        "rural_income_growth_pct", "national_rural_income_growth_pct", "income_growth_gap_pp",
    ]
    /// Indicators with a trend chart of their own (the poor population has `poorPopulationChart`).
    static let keyTrendIndicators = ["poverty_incidence_pct", "guarantees_met_pct", "rural_income_growth_pct"]
    static let keyTrendShortNames = [
        "poverty_incidence_pct": "Poverty incidence", "guarantees_met_pct": "Two assurances, three guarantees met",
        "rural_income_growth_pct": "Rural income growth",
    ]
    static let guaranteeIndicators = [
        "education_guarantee_pct", "medical_insured_pct", "housing_safe_pct", "food_clothing_pct", "safe_water_pct",
    ]

    /// An area and its place in the tables.
    struct AreaRow {
        var code: String
        var level: AreaLevel
        var emphasis: Bool
        var nested: Bool
    }

    /// Builds the national report (`area` = nil) or a province report (`area` = province code).
    static func build(index: ReportIndex, year: Int32, province: String?, style: FormatStyle) -> AreaReportModel {
        let top = province ?? AreaCode.nation
        let topLabel = index.label(top)
        var rows = [AreaRow(code: top, level: province == nil ? .nation : .province, emphasis: true, nested: false)]
        let chartAreas: [String]
        let groupAreas: [String]
        let subAreaWord: String
        if let province {
            for prefecture in index.areas(.prefecture, under: province, year: year) {
                rows.append(AreaRow(code: prefecture, level: .prefecture, emphasis: false, nested: false))
                for county in index.areas(.county, under: prefecture, year: year) {
                    rows.append(AreaRow(code: county, level: .county, emphasis: false, nested: true))
                }
            }
            chartAreas = index.areas(.county, under: province, year: year)
            groupAreas = index.areas(.prefecture, under: province, year: year)
            subAreaWord = "county"
        } else {
            for code in index.provinces(year: year) {
                rows.append(AreaRow(code: code, level: .province, emphasis: false, nested: false))
            }
            chartAreas = index.provinces(year: year)
            groupAreas = chartAreas
            subAreaWord = "province"
        }

        /// Links down: a province row to its report, a county row to its exit review. The headline
        /// table's area cells carry the ids (`area-520102`) that the county-exit report links to.
        func areaCell(_ row: AreaRow, anchored: Bool) -> CellModel {
            var cell = CellModel(style.text(index.label(row.code)))
            switch row.level {
            case .province where province == nil:
                cell = cell.linked(style.href(SiteMap.base(.province, province: row.code)))
            case .county:
                if let province {
                    cell = cell.linked(
                        style.href(SiteMap.base(.countyExit, province: province), fragment: "county-\(row.code)"))
                }
            default: break
            }
            return anchored ? cell.anchored("area-\(row.code)") : cell
        }

        func areaTable(caption: String, indicators: [String], anchored: Bool = false) -> TableModel {
            let definitions = indicators.map(ReportIndex.definition)
            let headers = [style.header("Area", machine: "area")] + definitions.map { style.header($0) }
            let body = rows.map { row in
                RowModel(
                    cells: [areaCell(row, anchored: anchored)]
                        + definitions.map { style.cell(index.value($0.id, year: year, area: row.code), $0) },
                    emphasis: row.emphasis, nested: row.nested)
            }
            return TableModel(caption: style.label(caption), headers: headers, rows: body, emptyText: "No areas.")
        }

        let scopeWord = province == nil ? "by province" : "by prefecture and county"
        let headline = areaTable(
            caption: "Headline indicators \(scopeWord), \(year)", indicators: headlineIndicators, anchored: true)
        let exits = areaTable(caption: "Exits and their quality \(scopeWord), \(year)", indicators: exitIndicators)

        // Trends of the top area across every year in the store.
        let trends = TableModel.trend(
            caption: "Trends across years: \(topLabel)", indicators: trendIndicators.map(ReportIndex.definition),
            area: top, year: year, index: index, style: style)

        let causes = breakdownTable(
            dimension: "cause", caption: "Poor households by main cause of poverty (致贫原因)", word: "Cause",
            index: index, year: year, area: top, areaLabel: topLabel, style: style)
        let categories = breakdownTable(
            dimension: "category", caption: "Registered households by category (贫困户属性)", word: "Category",
            index: index, year: year, area: top, areaLabel: topLabel, style: style)
        let measures = breakdownTable(
            dimension: "measure",
            caption: "Poor households by assistance measure (帮扶措施; a household may have several)",
            word: "Measure",
            index: index, year: year, area: top, areaLabel: topLabel, style: style)

        var charts: [ChartModel] = []
        charts.append(
            incidenceChart(index: index, year: year, areas: chartAreas, subAreaWord: subAreaWord, style: style))
        charts.append(
            incomeGrowthChart(
                index: index, year: year, areas: chartAreas, top: top, subAreaWord: subAreaWord, style: style))
        charts.append(guaranteesChart(index: index, year: year, areas: groupAreas, style: style))
        let trendChart = poorPopulationChart(index: index, area: top, areaLabel: topLabel, style: style)
        let trendCharts = keyTrendIndicators.map {
            trendLineChart(
                indicator: ReportIndex.definition($0), index: index, area: top, areaLabel: topLabel, style: style)
        }

        let csvDefinitions =
            (headlineIndicators + exitIndicators.filter { !headlineIndicators.contains($0) })
            .map(ReportIndex.definition) + MultidimensionalPovertyModel.csvDefinitions(index)
        let csv = TableModel(
            caption: "",
            headers: [
                style.header("Level", machine: "level"), style.header("Area code", machine: "area_code"),
                style.header("Area", machine: "area_name"),
            ] + csvDefinitions.map { style.header($0) },
            rows: rows.map { row in
                RowModel(
                    cells: [
                        CellModel(row.level.rawValue), CellModel(style.text(row.code)),
                        CellModel(style.text(index.name(row.code) ?? "")),
                    ] + csvDefinitions.map { style.cell(index.value($0.id, year: year, area: row.code), $0) })
            })

        let used = Array(Set(headlineIndicators + exitIndicators + trendIndicators + guaranteeIndicators))
        let title =
            province == nil
            ? "National poverty-alleviation monitoring report, \(year)"
            : "Province report: \(topLabel), \(year)"
        let subtitle =
            province == nil
            ? "全国脱贫攻坚监测 — headline indicators by province, exits, the two assurances and three "
                + "guarantees, trends"
            : "省级脱贫攻坚监测 — indicators by prefecture and county"
        let page = PageModel.build(
            title: title, subtitle: subtitle, year: year, report: province == nil ? .national : .province,
            province: province, index: index, indicators: used, style: style,
            extraNotes: [
                "Exit threshold for poverty incidence: 3% in the western provinces (15, 45, 50–54, 61–65), "
                    + "2% elsewhere (exit_threshold_pct in the Definitions).",
                "Income growth gap: rural income growth minus national rural income growth, in percentage points; "
                    + "the policy goal is a positive gap.",
            ])
        return AreaReportModel(
            page: page, headline: headline, exits: exits, causes: causes, categories: categories, measures: measures,
            charts: charts, trends: trends,
            trendChart: trendChart, trendCharts: trendCharts, csv: csv,
            mpi: MultidimensionalPovertyModel.build(index: index, year: year, top: top, rows: rows, style: style).map {
                [$0]
            } ?? [],
            dynamics: province.map { TransitionsModel.build(index: index, year: year, province: $0, style: style) }
                ?? [],
            addedIndicators: AddedIndicatorsModel.tables(
                index: index, year: year, area: top, areaLabel: topLabel, style: style))
    }

    /// Households (and population) of the area by the members of a breakdown dimension, in the
    /// contract's order, each member shown with its Chinese and English label.
    static func breakdownTable(
        dimension: String, caption: String, word: String, index: ReportIndex, year: Int32, area: String,
        areaLabel: String, style: FormatStyle
    ) -> TableModel {
        var households: [String: Int64] = [:]
        var population: [String: Int64] = [:]
        for row in index.data.breakdowns where row.year == year && row.areaCode == area && row.dimension == dimension {
            households[row.member, default: 0] += row.households
            if let value = row.population { population[row.member, default: 0] += value }
        }
        // Contract order of the members, which is also the breakdown table's order.
        let members = IndicatorCatalogue.breakdownDimensions.first { $0.dimension == dimension }?.members ?? []
        let rows: [RowModel] =
            households.isEmpty
            ? []
            : members.map { member in
                let label =
                    BreakdownLabels.code(dimension: dimension, member: member).map(style.code) ?? style.text(member)
                return RowModel(cells: [
                    CellModel(label),
                    CellModel(style.count(Int(households[member] ?? 0)), numeric: true),
                    CellModel(population[member].map { style.count(Int($0)) } ?? style.null, numeric: true),
                ])
            }
        return TableModel(
            caption: style.label("\(caption): \(areaLabel), \(year)"),
            headers: [
                style.header(word, machine: dimension),
                style.header("Households", machine: "households", numeric: true),
                style.header("Population", machine: "population", numeric: true),
            ], rows: rows, emptyText: "No breakdown rows for this area and year.")
    }

    static func incidenceChart(
        index: ReportIndex, year: Int32, areas: [String], subAreaWord: String, style: FormatStyle
    )
        -> ChartModel
    {
        let incidence = ReportIndex.definition("poverty_incidence_pct")
        let threshold = ReportIndex.definition("exit_threshold_pct")
        let bars = areas.map { code -> ChartBar in
            let value = index.value(incidence.id, year: year, area: code)
            return ChartBar(
                label: index.label(code), value: value,
                isEmphasised: value.map { $0 >= ReportIndex.exitThreshold(code) } ?? false)
        }
        var references: [ChartReferenceLine] = []
        if areas.contains(where: { !ReportIndex.isWestern($0) }) {
            references.append(
                ChartReferenceLine(
                    value: AreaCode.exitThresholdPct, label: "2% exit threshold (east and centre)",
                    colour: ChartPalette.black))
        }
        if areas.contains(where: ReportIndex.isWestern) {
            references.append(
                ChartReferenceLine(
                    value: AreaCode.westernExitThresholdPct, label: "3% exit threshold (west)",
                    colour: ChartPalette.vermillion, dash: "2 3"))
        }
        let chart = HorizontalBarChart(
            id: "chart-incidence", title: "Poverty incidence by \(subAreaWord), \(year)",
            description:
                "Horizontal bars: \(incidence.summary) (%) of each \(subAreaWord), with the exit threshold lines.",
            axisTitle: "\(incidence.summary) (%)", unit: incidence.unit, decimals: incidence.decimals, bars: bars,
            references: references,
            legend: [
                ChartLegendEntry(colour: ChartPalette.blue, label: "below its exit threshold"),
                ChartLegendEntry(colour: ChartPalette.orange, label: "at or above its exit threshold"),
            ])
        let table = TableModel(
            caption: style.label("Data of the chart: \(incidence.summary) by \(subAreaWord), \(year)"),
            headers: [style.header("Area", machine: "area"), style.header(incidence), style.header(threshold)],
            rows: areas.map { code in
                RowModel(cells: [
                    CellModel(style.text(index.label(code))),
                    style.cell(index.value(incidence.id, year: year, area: code), incidence),
                    style.cell(ReportIndex.exitThreshold(code), threshold),
                ])
            }, emptyText: "No areas.")
        return ChartModel(id: chart.id, title: style.label(chart.title), svg: chart.svg(), table: table)
    }

    static func incomeGrowthChart(
        index: ReportIndex, year: Int32, areas: [String], top: String, subAreaWord: String, style: FormatStyle
    ) -> ChartModel {
        let growth = ReportIndex.definition("rural_income_growth_pct")
        let national = ReportIndex.definition("national_rural_income_growth_pct")
        let gap = ReportIndex.definition("income_growth_gap_pp")
        let nationalValue = index.value(national.id, year: year, area: top)
        let bars = areas.map { code -> ChartBar in
            let value = index.value(growth.id, year: year, area: code)
            let isBelow = value.flatMap { v in nationalValue.map { v < $0 } } ?? false
            return ChartBar(label: index.label(code), value: value, isEmphasised: isBelow)
        }
        let references =
            nationalValue.map {
                [
                    ChartReferenceLine(
                        value: $0,
                        label: "national rural income growth " + ValueFormatter.display($0, indicator: national),
                        colour: ChartPalette.vermillion)
                ]
            } ?? []
        let chart = HorizontalBarChart(
            id: "chart-income-growth", title: "Rural income growth against the national average, \(year)",
            description:
                "Horizontal bars: \(growth.summary) (%) of each \(subAreaWord); "
                + "the dashed line is the national rural income growth.",
            axisTitle: "\(growth.summary) (%)", unit: growth.unit, decimals: growth.decimals, bars: bars,
            references: references,
            legend: [
                ChartLegendEntry(colour: ChartPalette.blue, label: "at or above the national growth"),
                ChartLegendEntry(colour: ChartPalette.orange, label: "below the national growth"),
            ])
        let table = TableModel(
            caption: style.label("Data of the chart: \(growth.summary) by \(subAreaWord), \(year)"),
            headers: [
                style.header("Area", machine: "area"), style.header(growth), style.header(national), style.header(gap),
            ],
            rows: areas.map { code in
                RowModel(cells: [
                    CellModel(style.text(index.label(code))),
                    style.cell(index.value(growth.id, year: year, area: code), growth),
                    style.cell(index.value(national.id, year: year, area: code), national),
                    style.cell(index.value(gap.id, year: year, area: code), gap),
                ])
            }, emptyText: "No areas.")
        return ChartModel(id: chart.id, title: style.label(chart.title), svg: chart.svg(), table: table)
    }

    static func guaranteesChart(index: ReportIndex, year: Int32, areas: [String], style: FormatStyle) -> ChartModel {
        let definitions = guaranteeIndicators.map(ReportIndex.definition)
        let chart = DotPlotChart(
            id: "chart-guarantees", title: "Two assurances and three guarantees (两不愁三保障), \(year)",
            description: "Dot plot, one row per area, one dot per share: "
                + definitions.map(\.summary).joined(separator: "; ")
                + " (% on an axis ending at 100 and starting where the data does).",
            axisTitle: "Share (%)", series: definitions.map(\.summary),
            groups: areas.map { code in
                ChartGroup(
                    label: index.label(code), values: definitions.map { index.value($0.id, year: year, area: code) })
            }, decimals: definitions.first?.decimals ?? 1)
        let table = TableModel(
            caption: style.label("Data of the chart: the guarantees by area, \(year)"),
            headers: [style.header("Area", machine: "area")] + definitions.map { style.header($0) },
            rows: areas.map { code in
                RowModel(
                    cells: [CellModel(style.text(index.label(code)))]
                        + definitions.map { style.cell(index.value($0.id, year: year, area: code), $0) })
            }, emptyText: "No areas.")
        return ChartModel(id: chart.id, title: style.label(chart.title), svg: chart.svg(), table: table)
    }

    /// One indicator of the area over every year of the data (the store's years up to the report's).
    static func trendLineChart(
        indicator: IndicatorDefinition, index: ReportIndex, area: String, areaLabel: String, style: FormatStyle
    ) -> ChartModel {
        let labels = style.labels(indicator)
        // Short English names keep the title within the chart's width.
        let name =
            style.options.language == .zh && indicator.labelChinese != nil
            ? labels.first : (keyTrendShortNames[indicator.id] ?? labels.first)
        let chart = LineChart(
            id: "chart-trend-" + indicator.id.replacing("_", with: "-"), title: "\(name) by year: \(areaLabel)",
            description: "Line: \(indicator.summary) of \(areaLabel) in each year of the store.",
            axisTitle: indicator.unit == .percent ? "Percent (%)" : "Value", unit: indicator.unit,
            decimals: indicator.decimals,
            points: index.years.map { (label: String($0), value: index.value(indicator.id, year: $0, area: area)) })
        let table = TableModel(
            caption: style.label("Data of the chart: \(name), \(areaLabel)"),
            headers: [style.header("Year", machine: "year"), style.header(indicator)],
            rows: index.years.map { year in
                RowModel(cells: [
                    CellModel(String(year)), style.cell(index.value(indicator.id, year: year, area: area), indicator),
                ])
            }, emptyText: "No years.")
        return ChartModel(id: chart.id, title: style.label(chart.title), svg: chart.svg(), table: table)
    }

    static func poorPopulationChart(index: ReportIndex, area: String, areaLabel: String, style: FormatStyle)
        -> ChartModel
    {
        let poor = ReportIndex.definition("poor_population")
        let chart = LineChart(
            id: "chart-poor-population", title: "Poor population over the years: \(areaLabel)",
            description: "Line: \(poor.summary) of \(areaLabel) in each year of the store.",
            axisTitle: "\(poor.summary) (persons)", unit: poor.unit, decimals: poor.decimals,
            points: index.years.map { (label: String($0), value: index.value(poor.id, year: $0, area: area)) })
        let table = TableModel(
            caption: style.label("Data of the chart: \(poor.summary), \(areaLabel)"),
            headers: [style.header("Year", machine: "year"), style.header(poor)],
            rows: index.years.map { year in
                RowModel(cells: [
                    CellModel(String(year)), style.cell(index.value(poor.id, year: year, area: area), poor),
                ])
            }, emptyText: "No years.")
        return ChartModel(id: chart.id, title: style.label(chart.title), svg: chart.svg(), table: table)
    }
}

extension PageModel {
    static func build(
        title: String, subtitle: String, year: Int32, report: ReportName, province: String?, index: ReportIndex,
        indicators: [String], style: FormatStyle, extraNotes: [String]
    ) -> PageModel {
        // Catalogue order, so the list does not depend on how the caller collected the ids.
        let used = Set(indicators)
        let definitions = IndicatorCatalogue.definitions.filter { used.contains($0.id) }
        let table = TableModel(
            caption: style.label("Indicators used (full definitions: the Definitions page)"),
            headers: [
                style.header("Indicator", machine: "indicator"), style.header("Meaning", machine: "summary"),
                style.header("Unit", machine: "unit"), style.header("Formula", machine: "formula"),
            ],
            rows: definitions.map {
                let labels = style.labels($0)
                let meaning = labels.second.isEmpty ? labels.first : labels.first + " (" + labels.second + ")"
                return RowModel(cells: [
                    CellModel(style.text($0.id)).linked(style.href("../definitions", fragment: $0.id)),
                    CellModel(style.text(meaning)), CellModel(style.text($0.unit.rawValue)),
                    CellModel(style.text($0.formula)),
                ])
            })
        var notes = [
            "— marks a value that is not defined: a ratio whose denominator is 0, an indicator not defined at the "
                + "level, or reference data missing for the year.",
            "Values are stored in full precision and rounded only for print, to the decimals of the indicator "
                + "catalogue.",
        ]
        notes += extraNotes
        let asOf = dataAsOf(index: index, upTo: year)
        return PageModel(
            title: style.label(title), subtitle: style.label(subtitle), year: String(year), report: report.rawValue,
            yearsAvailable: index.years.map(String.init).joined(separator: ", "),
            notes: notes.map { NoteModel(text: style.label($0)) }, definitions: table,
            nav: SiteMap(index: index).nav(report: report, year: year, province: province, index: index, style: style),
            asOf: style.label(asOf), hasAsOf: !asOf.isEmpty)
    }
}
