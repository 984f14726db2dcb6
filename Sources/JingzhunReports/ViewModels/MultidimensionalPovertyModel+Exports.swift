import JingzhunCore

/// `mpi_guarantees` in the machine-readable reports (issue 18): the national and province CSV
/// reports gain its exported ids as columns, and their workbooks the section's tables as sheets.
/// Both only when the store holds a value of the index, so the reports of a pipeline without it
/// are unchanged.
extension MultidimensionalPovertyModel {
    /// Every exported id of the index (H, A, M0, then per dimension its censored headcount ratio
    /// and contribution, in the catalogue's dimension order): the columns the CSV report adds
    /// after the headline and exit columns. None when the store holds no value of the index.
    static func csvDefinitions(_ index: ReportIndex) -> [IndicatorDefinition] {
        guard isPresent(index) else { return [] }
        return [headcount, intensity, adjustedHeadcount] + dimensionList.flatMap { [censored($0), contribution($0)] }
    }

    /// The section's tables in the page's order, the charts' data tables included, each a sheet
    /// (names within Excel's 31 characters).
    var workbookSheets: [WorkbookSheet] {
        [
            WorkbookSheet(name: "MPI by area", table: areas), WorkbookSheet(name: "MPI dimensions", table: dimensions),
        ]
            + [contributionChart, trendChart, contributionTrendChart].map {
                WorkbookSheet(name: "Chart " + $0.id.dropFirst("chart-".count), table: $0.table)
            }
            + [WorkbookSheet(name: "MPI trends", table: trend)]
    }
}
