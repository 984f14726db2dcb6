import JingzhunCore

/// View model of the household dynamics section of the province report (动态管理,
/// docs/indicators.md §Household dynamics): the transition matrix of the province's households
/// between the year before and the report's year, in households and in people.
struct TransitionsModel {
    var title: String
    var note: String
    var households: TableModel
    var population: TableModel

    /// Labels of the states (Chinese and English), the reader's language first.
    static let stateLabels: [TransitionState: (chinese: String, english: String)] = [
        .poor: ("贫困", "Poor"), .exited: ("已脱贫", "Exited"), .returned: ("返贫", "Returned"),
        .removed: ("已清退", "Removed"), .new: ("新识别", "New"), .gone: ("不在册", "Gone"),
    ]

    /// The section of `province`'s report of `year`: one element, or none for other reports.
    static func build(index: ReportIndex, year: Int32, province: String, style: FormatStyle) -> [TransitionsModel] {
        let rows = index.data.transitions.filter { $0.year == year && $0.level == .province && $0.areaCode == province }
        var cells: [TransitionState: [TransitionState: TransitionRow]] = [:]
        for row in rows { cells[row.from, default: [:]][row.to] = row }
        func label(_ state: TransitionState) -> String {
            // Force unwrap: every state has labels above.
            let labels = stateLabels[state]!
            return style.label(
                FormatStyle.both(primaryChinese: style.options.language == .zh, labels.chinese, labels.english))
        }
        func table(caption: String, value: (TransitionRow) -> Int64?) -> TableModel {
            let headers =
                [style.header("\(year - 1) → \(year)", machine: "from")]
                + TransitionState.toStates.map {
                    HeaderCell(style.format == .csv ? $0.rawValue : label($0), numeric: true)
                }
            let body: [RowModel] =
                rows.isEmpty
                ? []
                : TransitionState.fromStates.map { from in
                    RowModel(
                        cells: [CellModel(style.format == .csv ? from.rawValue : label(from))]
                            + TransitionState.toStates.map { to in
                                guard let row = cells[from]?[to], let number = value(row) else {
                                    return CellModel(style.null, numeric: true)
                                }
                                return CellModel(style.count(Int(number)), numeric: true)
                            })
                }
            return TableModel(
                caption: style.label(caption), headers: headers, rows: body,
                emptyText: "No registry of \(year - 1) for this province: the dynamics need the records of both years.")
        }
        let area = index.label(province)
        return [
            TransitionsModel(
                title: style.label("Household dynamics, \(year - 1) to \(year)"),
                note: style.label(
                    "Households matched on their household number. Rows: status at the end of \(year - 1) (new: not "
                        + "registered then); columns: status at the end of \(year) (gone: no longer registered). "
                        + "Returned households went back into poverty after an exit."),
                households: table(caption: "Households by status in \(year - 1) and \(year): \(area)") {
                    $0.households
                },
                population: table(caption: "People (members in \(year); in \(year - 1) for households gone): \(area)") {
                    $0.to == .gone ? $0.populationFrom : $0.populationTo
                })
        ]
    }
}
