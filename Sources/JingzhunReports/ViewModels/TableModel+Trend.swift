import JingzhunCore

extension TableModel {
    /// One row per year of the store for `area`, one column per indicator, the report's own year
    /// emphasised: the trend tables of the national/province page and of the guarantees index.
    static func trend(
        caption: String, indicators: [IndicatorDefinition], area: String, year: Int32, index: ReportIndex,
        style: FormatStyle, emptyText: String = "None."
    ) -> TableModel {
        TableModel(
            caption: style.label(caption),
            headers: [style.header("Year", machine: "year")] + indicators.map { style.header($0) },
            rows: index.years.map { trendYear in
                RowModel(
                    cells: [CellModel(String(trendYear))]
                        + indicators.map { style.cell(index.value($0.id, year: trendYear, area: area), $0) },
                    emphasis: trendYear == year)
            }, emptyText: emptyText)
    }
}
