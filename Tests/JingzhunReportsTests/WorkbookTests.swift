import Foundation
import JingzhunReports
import Testing

/// XLSX workbooks: one sheet per table, numbers as numbers, headers frozen, byte-identical reruns;
/// read back with openpyxl and pandas (skipped, with the reason printed, when they are absent).
@Suite struct WorkbookTests {
    static func workbook(_ report: ReportName, area: String? = nil) throws -> [UInt8] {
        try ReportRenderer().renderWorkbook(report: report, year: 2020, area: area, data: Fixture.data)
    }

    @Test func workbooksAreDeterministicZipFiles() throws {
        for (report, area) in [(ReportName.national, nil), (.province, "52"), (.countyExit, "52"), (.dataQuality, nil)]
        {
            let first = try Self.workbook(report, area: area)
            let second = try Self.workbook(report, area: area)
            #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(report) is not a zip file")
            #expect(first == second, "\(report): two renders of the same data give different workbooks")
        }
    }

    @Test func renderAllWritesOneWorkbookPerReport() throws {
        let outputs = try ReportRenderer().renderAll(year: 2020, data: Fixture.data, templates: Fixture.templates())
        let workbooks = outputs.map(\.relativePath).filter { $0.hasSuffix(".xlsx") }
        #expect(
            workbooks == [
                "2020/national.xlsx", "2020/province-42.xlsx", "2020/province-52.xlsx", "2020/county-exit-42.xlsx",
                "2020/county-exit-52.xlsx", "2020/data-quality.xlsx",
            ])
    }

    static let check = """
        import sys, json, zipfile
        import openpyxl, pandas
        path = sys.argv[1]
        core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
        book = openpyxl.load_workbook(path)
        out = {"core_created": "2000-01-01T00:00:00Z" in core, "sheets": book.sheetnames, "frozen": {}, "types": {}}
        for ws in book.worksheets:
            out["frozen"][ws.title] = ws.freeze_panes
        ws = book["Headline"]
        headers = [c.value for c in ws[1]]
        out["headers"] = headers
        out["types"] = [[type(c.value).__name__ for c in row] for row in ws.iter_rows(min_row=2)]
        frame = pandas.read_excel(path, sheet_name="Headline")
        out["dtypes"] = [str(t) for t in frame.dtypes]
        out["nation_poor"] = float(frame.iloc[0, 2])
        print(json.dumps(out))
        """

    @Test func openpyxlAndPandasReadNumbersAsNumbers() throws {
        if let reason = ExternalTool.pythonSkipReason(modules: ["openpyxl", "pandas"]) {
            print("WorkbookTests.openpyxlAndPandasReadNumbersAsNumbers skipped: \(reason)")
            return
        }
        let directory = ExternalTool.temporaryDirectory("xlsx")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/national.xlsx"
        try Data(Self.workbook(.national)).write(to: URL(fileURLWithPath: path))
        let output = try ExternalTool.run([ExternalTool.python, "-c", Self.check, path])
        try #require(output.status == 0, "python failed: \(output.stderr)")
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stdout)")
        #expect(result["core_created"] as? Bool == true, "docProps/core.xml does not hold the fixed creation date")
        let sheets = result["sheets"] as? [String] ?? []
        #expect(sheets.first == "Headline" && sheets.contains("Trends") && sheets.contains("Causes"), "\(sheets)")
        for (sheet, frozen) in result["frozen"] as? [String: Any] ?? [:] {
            #expect(frozen as? String == "A2", "sheet \(sheet): header row not frozen")
        }
        // Column 0 is the area (text); every other column of the headline table is a number or empty (null).
        for row in result["types"] as? [[String]] ?? [] {
            #expect(row.first == "str")
            #expect(row.dropFirst().allSatisfy { $0 == "int" || $0 == "float" || $0 == "NoneType" }, "\(row)")
        }
        let dtypes = result["dtypes"] as? [String] ?? []
        #expect(dtypes.first == "object" || dtypes.first == "str", "the area column is text: \(dtypes)")
        #expect(dtypes.dropFirst().allSatisfy { $0 == "int64" || $0 == "float64" }, "pandas types: \(dtypes)")
        #expect((result["nation_poor"] as? Double ?? 0) > 0)
    }
}
