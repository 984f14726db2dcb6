import JingzhunCore

/// Renders the reports of runs-and-store.md §Reports from `ReportData` through Mustache templates.
///
/// A pure function of its arguments: no clock, no environment, no randomness, and every list
/// sorted by stable keys, so the same data and templates give byte-identical bytes.
///
/// File layout of `renderAll` (relative to the output folder's `reports/`):
/// ```
/// {year}/national.{html,md,csv}
/// {year}/province-{province}.{html,md,csv}       one per province of the year
/// {year}/county-exit-{province}.{html,md,csv}    one per province of the year
/// {year}/data-quality.{html,md,csv}              all provinces
/// ```
/// Paths are listed in that order, provinces ascending, formats html, md, csv.
public struct ReportRenderer: Sendable {
    public init() {}

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
        report: ReportName, year: Int32, area: String?, format: ReportFormat, data: ReportData, templates: TemplateLibrary
    ) throws(ReportError) -> [UInt8] {
        let index = ReportIndex(data)
        try Self.check(year: year, index: index)
        let province = try Self.checkArea(report: report, year: year, area: area, index: index)
        return try Self.render(report: report, year: year, province: province, format: format, index: index, templates: templates)
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
        var outputs: [(relativePath: String, bytes: [UInt8])] = []
        for job in jobs {
            for format in ReportFormat.allCases {
                let bytes = try Self.render(
                    report: job.report, year: year, province: job.province, format: format, index: index,
                    templates: templates)
                outputs.append(("\(year)/\(job.name).\(format.rawValue)", bytes))
            }
        }
        return outputs
    }

    static func check(year: Int32, index: ReportIndex) throws(ReportError) {
        guard index.years.contains(year) else {
            throw ReportError(
                code: .unknownYear,
                message: "no data for year \(year); years in the store: "
                    + (index.years.isEmpty ? "none (run ingest and normalize first)" : index.years.map(String.init).joined(separator: ", ")))
        }
    }

    /// Validates `area` for the report and returns the province code to report on (nil: all).
    static func checkArea(report: ReportName, year: Int32, area: String?, index: ReportIndex) throws(ReportError) -> String? {
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

    static func render(
        report: ReportName, year: Int32, province: String?, format: ReportFormat, index: ReportIndex,
        templates: TemplateLibrary
    ) throws(ReportError) -> [UInt8] {
        let style = FormatStyle(format: format)
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
        var text = try templates.render(model, template: "\(report.rawValue).\(format.rawValue)")
        if format == .csv { text = Self.crlf(text) }
        return Array(text.utf8)
    }

    /// RFC 4180 line ends. Cells never hold a line break (TextEscaping.csvText replaces them),
    /// so every LF is a record end.
    static func crlf(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        for scalar in text.unicodeScalars {
            if scalar == "\n" { out += "\r\n" } else if scalar != "\r" { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
