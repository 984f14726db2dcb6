import JingzhunCore

/// The table of added indicators in the national and province reports: the indicators that a
/// pipeline's own catalogue files add to the shipped catalogue (catalogue.md: "reports … list
/// added ones in a table of their own"), with their values for the report's area and year.
///
/// One row per exported id (an Alkire–Foster entry exports several), in catalogue order:
/// the label in the report's language first (the other in parentheses), the value as the
/// catalogue's unit and decimals print it, and the unit. No added indicators: no table.
enum AddedIndicatorsModel {
    /// The table for `area` in `year`, or none when the pipeline adds no indicator.
    static func tables(index: ReportIndex, year: Int32, area: String, areaLabel: String, style: FormatStyle)
        -> [TableModel]
    {
        let added = index.data.addedIndicators
        guard !added.isEmpty else { return [] }
        let rows = added.map { definition in
            let (first, second) = style.labels(definition)
            return RowModel(cells: [
                CellModel(style.label(second.isEmpty ? first : first + " (" + second + ")")),
                style.cell(index.value(definition.id, year: year, area: area), definition),
                CellModel(style.label(unitName(definition.unit, chinese: style.options.language == .zh))),
            ])
        }
        return [
            TableModel(
                caption: style.label("Added indicators (pipeline catalogue): \(areaLabel), \(year)"),
                headers: [
                    style.header("Indicator", machine: "indicator"),
                    style.header("Value", machine: "value", numeric: true),
                    style.header("Unit", machine: "unit"),
                ],
                rows: rows)
        ]
    }

    /// The unit as a reader says it.
    static func unitName(_ unit: IndicatorUnit, chinese: Bool) -> String {
        switch unit {
        case .count: chinese ? "个数" : "count"
        case .percent: "%"
        case .yuan: chinese ? "元" : "yuan"
        case .index: chinese ? "指数" : "index"
        case .flag: chinese ? "是/否" : "yes/no"
        case .percentagePoints: chinese ? "百分点" : "pp"
        }
    }
}
