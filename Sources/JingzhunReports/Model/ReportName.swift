/// The reports of runs-and-store.md §Reports.
public enum ReportName: String, Sendable, CaseIterable, Hashable {
    /// Headline indicators by province for a year, with charts and trends.
    case national
    /// The same for one province, by prefecture and county.
    case province
    /// Every exit criterion of every county of a province, with value, threshold and verdict.
    case countyExit = "county-exit"
    /// Per submission: received / accepted / rejected, rejections by rule, warnings.
    case dataQuality = "data-quality"

    /// Parses a report name as typed on the command line.
    /// - Throws: `ReportError.unknownReport`, whose message lists the names that exist.
    public init(validating name: String) throws(ReportError) {
        guard let report = ReportName(rawValue: name) else {
            throw ReportError(
                code: .unknownReport,
                message: "unknown report '\(name)'; the reports are: "
                    + ReportName.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = report
    }

    /// True for the reports that are about one province (the `area` argument is required).
    public var needsProvince: Bool { self == .province || self == .countyExit }
}

/// Output format of a report; also the file extension and the template suffix.
public enum ReportFormat: String, Sendable, CaseIterable, Hashable {
    case html, md, csv

    /// Parses a format as typed on the command line.
    /// - Throws: `ReportError.unknownFormat`, whose message lists the formats that exist.
    public init(validating name: String) throws(ReportError) {
        guard let format = ReportFormat(rawValue: name) else {
            throw ReportError(
                code: .unknownFormat,
                message: "unknown report format '\(name)'; the formats are: "
                    + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = format
    }
}
