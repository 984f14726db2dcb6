/// Why the synthesizer could not run: bad options, missing or malformed reference data, or a
/// file that could not be written (house-style §3.3: one error struct per module).
public struct SynthError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case invalidOptions, referenceMissing, referenceMalformed, io }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// An option is out of range (province unknown, year outside 2014-2030, …).
        public static let invalidOptions = Code(.invalidOptions)
        /// A reference file is absent.
        public static let referenceMissing = Code(.referenceMissing)
        /// A reference file lacks a column or has an unreadable value.
        public static let referenceMalformed = Code(.referenceMalformed)
        /// Reading or writing a file failed.
        public static let io = Code(.io)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// What happened and how to fix it.
    public var message: String
    public var path: String?

    public init(code: Code, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String {
        if let path { return "\(code): \(path): \(message)" }
        return "\(code): \(message)"
    }
}
