import JingzhunCore

/// View model of the section on `mpi_guarantees`, the shipped Alkire–Foster index of the two
/// assurances and three guarantees (issue 18), on the national and province pages: H, A and M0 of
/// the area and its sub-areas, the censored headcounts and contributions of each dimension with a
/// chart, and their trend over the years of the store.
///
/// Every value is an exported row (`mpi_guarantees_h`, `_a`, `_m0`, `_censored_{d}`,
/// `_contribution_{d}`) printed with its unit's decimals; nothing is recomputed here. A year or
/// area without a row shows `—` (the trend line breaks there). The section is left out when the
/// store holds no value of the index in any year (a pipeline whose catalogue lacks it).
struct MultidimensionalPovertyModel {
    var heading: String
    var notes: [NoteModel]
    /// H, A and M0 of the area and its sub-areas in the report's year.
    var areas: TableModel
    /// The area's dimensions: weight, censored headcount ratio, contribution.
    var dimensions: TableModel
    /// The contributions of the area's dimensions in the report's year (horizontal bars).
    var contributionChart: ChartModel
    /// M0 of the area over the years (line).
    var trendChart: ChartModel
    /// The contributions over the years (grouped bars, one group per year).
    var contributionTrendChart: ChartModel
    /// H, A, M0 and every censored headcount ratio of the area, one row per year.
    var trend: TableModel
}

extension MultidimensionalPovertyModel {
    static let id = "mpi_guarantees"

    /// A dimension of the shipped index (pipelines/catalogue.yaml), in the file's order.
    struct Dimension {
        var id: String
        var english: String
        var chinese: String
        /// The weight as the catalogue gives it (an exact fraction).
        var weight: String
    }

    static let dimensionList = [
        Dimension(id: "income", english: "Income", chinese: "收入", weight: "1/3"),
        Dimension(id: "food_clothing", english: "Food and clothing", chinese: "吃穿", weight: "1/6"),
        Dimension(id: "water", english: "Safe water", chinese: "饮水安全", weight: "1/6"),
        Dimension(id: "housing", english: "Safe housing", chinese: "住房安全", weight: "1/9"),
        Dimension(id: "medical", english: "Medical insurance", chinese: "基本医疗", weight: "1/9"),
        Dimension(id: "schooling", english: "Schooling", chinese: "义务教育", weight: "1/9"),
    ]

    static let headcount = IndicatorDefinition(
        id: id + "_h", summary: "Multidimensional headcount ratio H", unit: .index, levels: Set(AreaLevel.allCases),
        decimals: 4, formula: "persons in poor households / persons", labelChinese: "多维贫困发生率")
    static let intensity = IndicatorDefinition(
        id: id + "_a", summary: "Intensity A", unit: .index, levels: Set(AreaLevel.allCases), decimals: 4,
        formula: "mean deprivation score of the poor", labelChinese: "平均剥夺强度")
    static let adjustedHeadcount = IndicatorDefinition(
        id: id + "_m0", summary: "Adjusted headcount ratio M0 = H · A", unit: .index, levels: Set(AreaLevel.allCases),
        decimals: 4, formula: "H · A", labelChinese: "多维贫困指数")

    static func censored(_ dimension: Dimension) -> IndicatorDefinition {
        IndicatorDefinition(
            id: "\(id)_censored_\(dimension.id)", summary: "Censored headcount: \(dimension.english)", unit: .index,
            levels: Set(AreaLevel.allCases), decimals: 4, formula: "persons poor and deprived / persons",
            labelChinese: "贫困且\(dimension.chinese)被剥夺")
    }

    static func contribution(_ dimension: Dimension) -> IndicatorDefinition {
        IndicatorDefinition(
            id: "\(id)_contribution_\(dimension.id)", summary: "Contribution: \(dimension.english)", unit: .percent,
            levels: Set(AreaLevel.allCases), decimals: 1, formula: "100 · weight · censored / M0",
            labelChinese: "\(dimension.chinese)贡献率")
    }

    /// Whether the store holds any value of the index (any year, any area).
    static func isPresent(_ index: ReportIndex) -> Bool {
        index.data.indicators.contains { $0.indicator == adjustedHeadcount.id && $0.value != nil }
    }

    /// The section for `top` (nation or a province) and the sub-areas listed under it; nil when
    /// the store has no value of the index.
    static func build(
        index: ReportIndex, year: Int32, top: String, rows: [AreaReportModel.AreaRow], style: FormatStyle
    ) -> MultidimensionalPovertyModel? {
        guard isPresent(index) else { return nil }
        let topLabel = index.label(top)
        let zh = style.options.language == .zh
        func name(_ dimension: Dimension) -> String { zh ? dimension.chinese : dimension.english }
        let measures = [headcount, intensity, adjustedHeadcount]

        let areas = TableModel(
            caption: style.label("Multidimensional poverty of the guarantees by area, \(year)"),
            headers: [style.header("Area", machine: "area")] + measures.map { style.header($0) },
            rows: rows.map { row in
                RowModel(
                    cells: [CellModel(style.text(index.label(row.code)))]
                        + measures.map { style.cell(index.value($0.id, year: year, area: row.code), $0) },
                    emphasis: row.emphasis, nested: row.nested)
            }, emptyText: "No areas.")

        let dimensions = TableModel(
            caption: style.label("Dimensions of the index: \(topLabel), \(year)"),
            headers: [
                style.header("Dimension", machine: "dimension"), style.header("Weight", machine: "weight"),
                style.header("Censored headcount ratio", machine: "censored", numeric: true),
                style.header("Contribution to M0", machine: "contribution_pct", numeric: true),
            ],
            rows: dimensionList.map { dimension in
                RowModel(cells: [
                    CellModel(style.label(Self.both(dimension, zh: zh))), CellModel(style.label(dimension.weight)),
                    style.cell(index.value(censored(dimension).id, year: year, area: top), censored(dimension)),
                    style.cell(index.value(contribution(dimension).id, year: year, area: top), contribution(dimension)),
                ])
            })

        let bars = HorizontalBarChart(
            id: "chart-mpi-contributions", title: "Contributions of the dimensions to M0: \(topLabel), \(year)",
            description:
                "Horizontal bars: the share (%) of M0 that each dimension contributes, 100 · weight · censored "
                + "headcount / M0; together they make 100%.",
            axisTitle: "Contribution to M0 (%)", unit: .percent, decimals: 1,
            bars: dimensionList.map {
                ChartBar(label: name($0), value: index.value(contribution($0).id, year: year, area: top))
            })
        let contributionChart = ChartModel(
            id: bars.id, title: style.label(bars.title), svg: bars.svg(),
            table: TableModel(
                caption: style.label("Data of the chart: contributions to M0, \(topLabel), \(year)"),
                headers: [style.header("Dimension", machine: "dimension")] + [
                    style.header(contribution(dimensionList[0]), short: "Contribution to M0")
                ],
                rows: dimensionList.map {
                    RowModel(cells: [
                        CellModel(style.label(name($0))),
                        style.cell(index.value(contribution($0).id, year: year, area: top), contribution($0)),
                    ])
                }))

        let line = LineChart(
            id: "chart-mpi-trend", title: "M0 of the guarantees by year: \(topLabel)",
            description:
                "Line: the adjusted headcount ratio M0 of \(topLabel) in each year of the store; "
                + "a year without a value breaks the line.",
            axisTitle: "M0 (0–1)", unit: .index, decimals: adjustedHeadcount.decimals,
            points: index.years.map {
                (label: String($0), value: index.value(adjustedHeadcount.id, year: $0, area: top))
            })
        let trendChart = ChartModel(
            id: line.id, title: style.label(line.title), svg: line.svg(),
            table: TableModel(
                caption: style.label("Data of the chart: M0, \(topLabel)"),
                headers: [style.header("Year", machine: "year"), style.header(adjustedHeadcount)],
                rows: index.years.map { trendYear in
                    RowModel(cells: [
                        CellModel(String(trendYear)),
                        style.cell(index.value(adjustedHeadcount.id, year: trendYear, area: top), adjustedHeadcount),
                    ])
                }, emptyText: "No years."))

        let grouped = GroupedBarChart(
            id: "chart-mpi-contribution-trend", title: "Contributions to M0 by year: \(topLabel)",
            description: "Grouped bars, one group per year, one bar per dimension: its contribution (%) to M0.",
            axisTitle: "Contribution to M0 (%)", series: dimensionList.map(name),
            groups: index.years.map { trendYear in
                ChartGroup(
                    label: String(trendYear),
                    values: dimensionList.map { index.value(contribution($0).id, year: trendYear, area: top) })
            })
        let contributionTrendChart = ChartModel(
            id: grouped.id, title: style.label(grouped.title), svg: grouped.svg(),
            table: TableModel(
                caption: style.label("Data of the chart: contributions to M0 by year, \(topLabel)"),
                headers: [style.header("Year", machine: "year")] + dimensionList.map { style.header(contribution($0)) },
                rows: index.years.map { trendYear in
                    RowModel(
                        cells: [CellModel(String(trendYear))]
                            + dimensionList.map {
                                style.cell(
                                    index.value(contribution($0).id, year: trendYear, area: top), contribution($0))
                            },
                        emphasis: trendYear == year)
                }, emptyText: "No years."))

        let trendMeasures = measures + dimensionList.map(censored)
        let trend = TableModel.trend(
            caption: "Multidimensional poverty of the guarantees across years: \(topLabel)", indicators: trendMeasures,
            area: top, year: year, index: index, style: style, emptyText: "No years.")

        let notes = [
            "A person is multidimensionally poor when the household is deprived in at least a third of the weighted "
                + "dimensions (k = 1/3; a score of exactly 1/3 counts): income at or below the poverty line "
                + "(weight 1/3); food and clothing, safe drinking water (the two assurances, 1/6 each); safe housing, "
                + "medical insurance "
                + "of every member, no school-age child out of school (the three guarantees, 1/9 each). "
                + "Over the registered population (persons), as docs/catalogue.md explains.",
            "H: share of persons who are poor; A: their average deprivation score; M0 = H · A. The censored headcount "
                + "of a dimension is the share of persons who are poor and deprived in it; the contributions add up "
                + "to 100%.",
            "— marks a value not computed: a year without a poverty line, or an area with no registered person; "
                + "A and the contributions are also — where nobody is poor (M0 is then 0).",
        ]
        return MultidimensionalPovertyModel(
            heading: style.label("Multidimensional poverty of the guarantees (两不愁三保障多维贫困)"),
            notes: notes.map { NoteModel(text: style.label($0)) }, areas: areas, dimensions: dimensions,
            contributionChart: contributionChart, trendChart: trendChart,
            contributionTrendChart: contributionTrendChart,
            trend: trend)
    }

    static func both(_ dimension: Dimension, zh: Bool) -> String {
        FormatStyle.both(primaryChinese: zh, dimension.chinese, dimension.english)
    }
}
