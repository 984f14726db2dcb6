/// The sheets of each report's workbook: every table the report shows, under a short name, in
/// the report's order (data tables of the charts included).
extension AreaReportModel {
    var workbookSheets: [WorkbookSheet] {
        var sheets = [
            WorkbookSheet(name: "Headline", table: headline), WorkbookSheet(name: "Exits", table: exits),
        ]
        sheets += charts.map { WorkbookSheet(name: "Chart " + $0.id.dropFirst("chart-".count), table: $0.table) }
        sheets += [
            WorkbookSheet(name: "Causes", table: causes), WorkbookSheet(name: "Categories", table: categories),
            WorkbookSheet(name: "Measures", table: measures), WorkbookSheet(name: "Trends", table: trends),
        ]
        sheets += mpi.flatMap(\.workbookSheets)
        sheets.append(WorkbookSheet(name: "Indicators used", table: page.definitions))
        return sheets
    }
}

extension CountyExitModel {
    var workbookSheets: [WorkbookSheet] {
        [
            WorkbookSheet(name: "Summary", table: summary), WorkbookSheet(name: "Criteria", table: csv),
            WorkbookSheet(name: "Indicators used", table: page.definitions),
        ]
    }
}

extension DataQualityModel {
    var workbookSheets: [WorkbookSheet] {
        [
            WorkbookSheet(name: "Submissions", table: overview),
            WorkbookSheet(name: "Quality by province", table: provinceQuality),
            WorkbookSheet(name: "All items", table: csv),
            WorkbookSheet(name: "Indicators used", table: page.definitions),
        ]
    }
}
