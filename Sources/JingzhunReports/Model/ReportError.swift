/// An operational failure of the render stage (house-style §3.3: one error struct per module).
///
/// `message` says what happened and how to fix it, and lists what exists where the problem is a
/// name, year or area that does not.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// Stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case unknownReport = "unknown-report"
            case unknownFormat = "unknown-format"
            case unknownYear = "unknown-year"
            case unknownArea = "unknown-area"
            case unknownLanguage = "unknown-language"
            case templateMissing = "template-missing"
            case templateInvalid = "template-invalid"
            case templateDirectoryUnreadable = "template-directory-unreadable"
            case workbookFailed = "workbook-failed"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let unknownReport = Code(.unknownReport)
        public static let unknownFormat = Code(.unknownFormat)
        public static let unknownYear = Code(.unknownYear)
        public static let unknownArea = Code(.unknownArea)
        public static let unknownLanguage = Code(.unknownLanguage)
        public static let templateMissing = Code(.templateMissing)
        public static let templateInvalid = Code(.templateInvalid)
        public static let templateDirectoryUnreadable = Code(.templateDirectoryUnreadable)
        /// libxlsxwriter could not write a report's workbook (temporary folder not writable, disk full).
        public static let workbookFailed = Code(.workbookFailed)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// The template file or directory concerned, when there is one.
    public var path: String?
    public var underlying: (any Error)?

    public init(code: Code, message: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String { "\(code): \(message)" }
}
