import CXLSXWriter
import Foundation
import JingzhunIO

/// One sheet of a report's workbook: a table of the report under a short name.
struct WorkbookSheet {
    var name: String
    var table: TableModel
}

/// Writes a report's tables as an Excel workbook (`.xlsx`) through libxlsxwriter (Debian's
/// `libxlsxwriter-dev`, behind the `CXLSXWriter` system-library target).
///
/// One sheet per table; row 1 holds the headers and is frozen; a cell marked numeric whose text
/// is a number is written as a number (with as many decimals shown as the report prints), an
/// empty numeric cell stays blank (null), everything else is a string. Strings are never
/// formulas in XLSX, so submitted text needs no neutralising here.
///
/// Deterministic: libxlsxwriter stamps the workbook's creation time into `docProps/core.xml`;
/// it is set to `createdTimestamp`, and the zip entries carry libxlsxwriter's fixed date, so
/// the same tables give byte-identical files (ReportWorkbookTests checks it).
enum XLSXWorkbook {
    /// 2000-01-01T00:00:00Z: the fixed creation time written into every workbook.
    static let createdTimestamp = 946_684_800
    /// Excel's limit on a sheet name, in characters.
    static let sheetNameLimit = 31

    /// Held while libxlsxwriter packages a workbook (`workbook_close`).
    ///
    /// `renderAll` writes the workbooks of a year's reports on both cores. Each workbook is its
    /// own `lxw_workbook` with its own worksheets, formats, string table, temporary files and
    /// zip handle, and libxlsxwriter 1.1.4 keeps no writable global of its own (its only data
    /// symbols, `error_strings` and `theme_strs`, are read-only tables). Two things reached
    /// from `workbook_close` are process-wide, though: `docProps/core.xml`'s date is formatted
    /// through glibc's `gmtime`, whose result is one static buffer for all threads, and the
    /// temporary-file names come from tmpfileplus's static seed and the C library's `rand`
    /// state. The values written are the same in every workbook (the fixed creation time) and
    /// the files are opened with `O_EXCL`, so nothing wrong would come of it in practice, but
    /// they are unsynchronised writes to shared memory: closing is serialised instead. Filling
    /// the sheets, most of a workbook's time, still runs in parallel. docs/performance.md has the
    /// measurement.
    static let closing = NSLock()

    /// The workbook's bytes.
    /// - Parameter comments: The document's comments property (the report header's data version line).
    /// - Throws: `ReportError.workbookFailed` when libxlsxwriter cannot write the file.
    static func bytes(sheets: [WorkbookSheet], title: String, comments: String = "") throws(ReportError) -> [UInt8] {
        // libxlsxwriter writes to a path: a private temporary file, read back and removed.
        let fileSystem = POSIXFileSystem()
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let path = directory + "/jingzhun-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).xlsx"
        defer { fileSystem.removeTree(path) }
        guard let workbook = workbook_new(path) else {
            throw ReportError(
                code: .workbookFailed, message: "cannot create a workbook in \(directory); check that it is writable",
                path: directory)
        }
        var status = LXW_NO_ERROR
        title.withCString { titlePointer in
            "jingzhun".withCString { authorPointer in
                comments.withCString { commentsPointer in
                    var properties = lxw_doc_properties()
                    properties.title = UnsafeMutablePointer(mutating: titlePointer)
                    properties.author = UnsafeMutablePointer(mutating: authorPointer)
                    if !comments.isEmpty { properties.comments = UnsafeMutablePointer(mutating: commentsPointer) }
                    properties.created = time_t(createdTimestamp)
                    status = workbook_set_properties(workbook, &properties)
                }
            }
        }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        format_set_text_wrap(bold)
        format_set_align(bold, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        var numberFormats: [Int: UnsafeMutablePointer<lxw_format>] = [:]
        func numberFormat(decimals: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let format = numberFormats[decimals] { return format }
            let format = workbook_add_format(workbook)
            format_set_num_format(format, decimals == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: decimals))
            numberFormats[decimals] = format
            return format
        }

        var used = Set<String>()
        for sheet in sheets {
            let name = uniqueName(sheet.name, used: &used)
            guard let worksheet = workbook_add_worksheet(workbook, name) else { continue }
            var widths = [Double](repeating: 8, count: sheet.table.headers.count)
            for (column, header) in sheet.table.headers.enumerated() {
                let text = header.hasSecondary ? header.text + " " + header.secondary : header.text
                _ = worksheet_write_string(worksheet, 0, lxw_col_t(column), text, bold)
                widths[column] = max(widths[column], min(displayWidth(text) / 2 + 2, 30))
            }
            for (rowIndex, row) in sheet.table.rows.enumerated() {
                let excelRow = lxw_row_t(rowIndex + 1)
                for (column, cell) in row.cells.enumerated() {
                    let excelColumn = lxw_col_t(column)
                    if cell.numeric, let number = Double(cell.text), number.isFinite {
                        let decimals = cell.text.split(separator: ".").dropFirst().first?.count ?? 0
                        _ = worksheet_write_number(
                            worksheet, excelRow, excelColumn, number, numberFormat(decimals: decimals))
                    } else if cell.numeric && cell.text.isEmpty {
                        continue  // null: a blank cell, not an empty string
                    } else {
                        _ = worksheet_write_string(worksheet, excelRow, excelColumn, cell.text, nil)
                    }
                    if column < widths.count {
                        widths[column] = max(widths[column], min(displayWidth(cell.text) + 2, 60))
                    }
                }
            }
            for (column, width) in widths.enumerated() {
                _ = worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil)
            }
            worksheet_freeze_panes(worksheet, 1, 0)
        }
        // One workbook at a time past this point: see `closing`.
        closing.lock()
        let closed = workbook_close(workbook)
        closing.unlock()
        guard status == LXW_NO_ERROR, closed == LXW_NO_ERROR, let data = try? fileSystem.readAll(path) else {
            let reason = String(cString: lxw_strerror(closed == LXW_NO_ERROR ? status : closed))
            throw ReportError(
                code: .workbookFailed, message: "cannot write the workbook \(path): \(reason)", path: path)
        }
        return Array(data)
    }

    /// A valid, unique sheet name: no `[]:*?/\`, at most 31 characters, ` (2)` etc. on a repeat.
    static func uniqueName(_ name: String, used: inout Set<String>) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        let clean = String(name.map { forbidden.contains($0) ? " " : $0 })
        var candidate = String(clean.prefix(sheetNameLimit))
        var number = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = String(clean.prefix(sheetNameLimit - suffix.count)) + suffix
            number += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    /// Column width in Excel units: CJK characters are two wide.
    static func displayWidth(_ text: String) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) })
    }
}
