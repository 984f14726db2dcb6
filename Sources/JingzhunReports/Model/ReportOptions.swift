/// Which language's label comes first where a report shows a code or an indicator with both its
/// Chinese and its English label (`因病 (Illness)` or `Illness (因病)`).
public enum ReportLanguage: String, Sendable, CaseIterable, Hashable {
    case zh, en

    /// The default when neither the pipeline file (`lang`) nor the command line (`--lang`) names one:
    /// English first, the language of the reports' headings and notes.
    public static let defaultLanguage = ReportLanguage.en

    /// Parses a language as typed on the command line or in a pipeline file.
    /// - Throws: `ReportError.unknownLanguage`, listing the languages there are.
    public init(validating name: String) throws(ReportError) {
        guard let language = ReportLanguage(rawValue: name) else {
            throw ReportError(
                code: .unknownLanguage,
                message: "unknown report language '\(name)'; the languages are: "
                    + ReportLanguage.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = language
    }
}

/// How reports are rendered, apart from the data and the templates.
///
/// Every option is part of the render stage's fingerprint: changing one renders every year again.
public struct ReportOptions: Sendable, Hashable {
    /// Which label comes first.
    public var language: ReportLanguage
    /// Start CSV reports with a UTF-8 byte-order mark, so Excel on Chinese Windows reads them as
    /// UTF-8 (the pipeline setting `csv_bom`, on by default; `exports/` never have one).
    public var csvByteOrderMark: Bool

    public init(language: ReportLanguage = .defaultLanguage, csvByteOrderMark: Bool = true) {
        self.language = language
        self.csvByteOrderMark = csvByteOrderMark
    }

    /// Text that identifies the options in a fingerprint (stable across versions).
    public var fingerprint: String { "lang=\(language.rawValue) csv_bom=\(csvByteOrderMark)" }
}
