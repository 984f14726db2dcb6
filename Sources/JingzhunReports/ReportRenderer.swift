import JingzhunCore
import JingzhunIO

/// Renders the reports of runs-and-store.md §Reports from `ReportData` through Mustache templates.
///
/// A pure function of its arguments: no clock, no environment, no randomness, and every list
/// sorted by stable keys, so the same data and templates give byte-identical bytes.
///
/// File layout of `renderAll` (relative to the output folder's `reports/`):
/// ```
/// {year}/national.{html,md,csv,xlsx}
/// {year}/province-{province}.{html,md,csv,xlsx}       one per province of the year
/// {year}/county-exit-{province}.{html,md,csv,xlsx}    one per province of the year
/// {year}/data-quality.{html,md,csv,xlsx}              all provinces
/// {year}/index.{html,md}                         the year's reports, every province
/// ```
/// Paths are listed in that order, provinces ascending, formats html, md, csv, xlsx (the
/// workbook: every table of the report, one sheet each). `renderSite`
/// adds the pages above the years: `index.{html,md}` (every year) and `definitions.{html,md}`.
/// Every link between them is relative (docs/architecture.md §Reports as a site).
public struct ReportRenderer: Sendable {
    public var options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) { self.options = options }

    /// The UTF-8 byte-order mark written before CSV reports when `csvByteOrderMark` is set.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Renders one report.
    ///
    /// - Parameters:
    ///   - report: Which report.
    ///   - year: A year of `data.years` (or of its indicator rows).
    ///   - area: Province code (`"52"`); required by `province` and `county-exit`, optional for
    ///     `data-quality` (nil: all provinces), and nil or `"CN"` for `national`.
    ///   - format: html, md or csv (CSV line ends are CRLF, RFC 4180).
    ///   - data: What the store holds.
    ///   - templates: The template directory.
    /// - Returns: UTF-8 bytes of the report.
    /// - Throws: `ReportError` `.unknownYear` / `.unknownArea` listing what exists, `.templateMissing`.
    public func render(
        report: ReportName, year: Int32, area: String?, format: ReportFormat, data: ReportData,
        templates: TemplateLibrary
    ) throws(ReportError) -> [UInt8] {
        let index = ReportIndex(data)
        try Self.check(year: year, index: index)
        let province = try Self.checkArea(report: report, year: year, area: area, index: index)
        return try render(
            report: report, year: year, province: province, format: format, index: index, templates: templates)
    }

    /// Renders one report's workbook (XLSX: one sheet per table, numbers as numbers, headers frozen).
    ///
    /// - Parameters: as `render(report:year:area:format:data:templates:)`.
    /// - Throws: `ReportError` `.unknownYear` / `.unknownArea`, `.workbookFailed`.
    public func renderWorkbook(report: ReportName, year: Int32, area: String?, data: ReportData) throws(ReportError)
        -> [UInt8]
    {
        let index = ReportIndex(data)
        try Self.check(year: year, index: index)
        let province = try Self.checkArea(report: report, year: year, area: area, index: index)
        return try workbook(report: report, year: year, province: province, index: index)
    }

    func workbook(report: ReportName, year: Int32, province: String?, index: ReportIndex) throws(ReportError) -> [UInt8]
    {
        let style = FormatStyle.workbook(options: options)
        let sheets: [WorkbookSheet]
        let page: PageModel
        switch report {
        case .national, .province:
            let model = AreaReportModel.build(index: index, year: year, province: province, style: style)
            (sheets, page) = (model.workbookSheets, model.page)
        case .countyExit:
            guard let province else { preconditionFailure("checkArea returns a province for the county-exit report") }
            let model = CountyExitModel.build(index: index, year: year, province: province, style: style)
            (sheets, page) = (model.workbookSheets, model.page)
        case .dataQuality:
            let model = DataQualityModel.build(index: index, year: year, province: province, style: style)
            (sheets, page) = (model.workbookSheets, model.page)
        }
        return try XLSXWorkbook.bytes(sheets: sheets, title: page.title, comments: page.asOf)
    }

    /// Renders every report of a year in every format (layout in the type's documentation).
    /// - Throws: `ReportError` `.unknownYear`, `.templateMissing`.
    public func renderAll(year: Int32, data: ReportData, templates: TemplateLibrary) throws(ReportError)
        -> [(relativePath: String, bytes: [UInt8])]
    {
        let index = ReportIndex(data)
        try Self.check(year: year, index: index)
        var jobs: [(name: String, report: ReportName, province: String?)] = [("national", .national, nil)]
        for province in index.provinces(year: year) { jobs.append(("province-\(province)", .province, province)) }
        for province in index.provinces(year: year) { jobs.append(("county-exit-\(province)", .countyExit, province)) }
        jobs.append(("data-quality", .dataQuality, nil))
        // The reports are independent of each other: rendered on every core, collected in the
        // order above (Parallel.map), so the bytes and their order never depend on scheduling.
        let allJobs = jobs
        let rendered = Parallel.map(allJobs.count) {
            position -> Result<[(relativePath: String, bytes: [UInt8])], ReportError> in
            let job = allJobs[position]
            do throws(ReportError) {
                var files: [(relativePath: String, bytes: [UInt8])] = []
                for format in ReportFormat.allCases {
                    let bytes = try render(
                        report: job.report, year: year, province: job.province, format: format, index: index,
                        templates: templates)
                    files.append(("\(year)/\(job.name).\(format.rawValue)", bytes))
                }
                let workbook = try workbook(report: job.report, year: year, province: job.province, index: index)
                files.append(("\(year)/\(job.name).xlsx", workbook))
                return .success(files)
            } catch {
                return .failure(error)
            }
        }
        var outputs: [(relativePath: String, bytes: [UInt8])] = []
        for result in rendered {
            switch result {
            case .success(let files): outputs += files
            case .failure(let error): throw error  // the first failing report in the order above
            }
        }
        for format in [ReportFormat.html, .md] {
            let model = YearIndexModel.build(
                index: index, year: year, style: FormatStyle(format: format, options: options))
            let text = try templates.render(model, template: "year-index.\(format.rawValue)")
            outputs.append(("\(year)/index.\(format.rawValue)", Array(text.utf8)))
        }
        return outputs
    }

    /// Renders the pages above the years: `index.{html,md}` (every year of the store, with the
    /// national report and data quality of each) and `definitions.{html,md}` (the catalogue).
    ///
    /// - Parameter data: The store's data; the headline figures come from its indicator rows, the
    ///   years from `siteProvinces` (or the data's years).
    /// - Throws: `ReportError.templateMissing`.
    public func renderSite(data: ReportData, templates: TemplateLibrary) throws(ReportError)
        -> [(relativePath: String, bytes: [UInt8])]
    {
        let index = ReportIndex(data)
        var outputs: [(relativePath: String, bytes: [UInt8])] = []
        for format in [ReportFormat.html, .md] {
            let style = FormatStyle(format: format, options: options)
            let text = try templates.render(
                SiteIndexModel.build(index: index, style: style), template: "index.\(format.rawValue)")
            outputs.append(("index.\(format.rawValue)", Array(text.utf8)))
        }
        for format in [ReportFormat.html, .md] {
            let style = FormatStyle(format: format, options: options)
            let text = try templates.render(
                DefinitionsModel.build(index: index, style: style), template: "definitions.\(format.rawValue)")
            outputs.append(("definitions.\(format.rawValue)", Array(text.utf8)))
        }
        return outputs
    }

    static func check(year: Int32, index: ReportIndex) throws(ReportError) {
        guard index.years.contains(year) else {
            throw ReportError(
                code: .unknownYear,
                message: "no data for year \(year); years in the store: "
                    + (index.years.isEmpty
                        ? "none (run ingest and normalize first)"
                        : index.years.map(String.init).joined(separator: ", ")))
        }
    }

    /// Validates `area` for the report and returns the province code to report on (nil: all).
    static func checkArea(report: ReportName, year: Int32, area: String?, index: ReportIndex) throws(ReportError)
        -> String?
    {
        let provinces = index.provinces(year: year)
        let listing = provinces.map(index.label).joined(separator: ", ")
        if report == .national {
            guard area == nil || area == AreaCode.nation else {
                throw ReportError(
                    code: .unknownArea,
                    message: "the national report covers the whole country; omit --area (or give CN), "
                        + "or use the province report for '\(area ?? "")'")
            }
            return nil
        }
        guard let area else {
            if report.needsProvince {
                throw ReportError(
                    code: .unknownArea,
                    message: "the \(report.rawValue) report needs --area with a province code; provinces in \(year): "
                        + (listing.isEmpty ? "none" : listing))
            }
            return nil
        }
        guard provinces.contains(area) else {
            throw ReportError(
                code: .unknownArea,
                message: "no province '\(area)' in \(year); give a 2-digit province code. Provinces in \(year): "
                    + (listing.isEmpty ? "none" : listing))
        }
        return area
    }

    func render(
        report: ReportName, year: Int32, province: String?, format: ReportFormat, index: ReportIndex,
        templates: TemplateLibrary
    ) throws(ReportError) -> [UInt8] {
        let style = FormatStyle(format: format, options: options)
        let model: Any
        switch report {
        case .national:
            model = AreaReportModel.build(index: index, year: year, province: nil, style: style)
        case .province:
            guard let province else { preconditionFailure("checkArea returns a province for the province report") }
            model = AreaReportModel.build(index: index, year: year, province: province, style: style)
        case .countyExit:
            guard let province else { preconditionFailure("checkArea returns a province for the county-exit report") }
            model = CountyExitModel.build(index: index, year: year, province: province, style: style)
        case .dataQuality:
            model = DataQualityModel.build(index: index, year: year, province: province, style: style)
        }
        let text = try templates.render(model, template: "\(report.rawValue).\(format.rawValue)")
        guard format == .csv else { return Array(text.utf8) }
        return Self.crlf(text, prefix: options.csvByteOrderMark ? Self.byteOrderMark : [])
    }

    /// RFC 4180 line ends, after `prefix`: every LF becomes CR LF and every CR already there is
    /// dropped. Cells never hold a line break (TextEscaping.csvText replaces them), so every LF
    /// is a record end. Byte by byte: CR and LF are ASCII, never part of a longer UTF-8 sequence.
    static func crlf(_ text: String, prefix: [UInt8] = []) -> [UInt8] {
        var out = prefix
        out.reserveCapacity(prefix.count + text.utf8.count + text.utf8.count / 16)
        for byte in text.utf8 {
            if byte == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
            } else if byte != 0x0D {
                out.append(byte)
            }
        }
        return out
    }
}
