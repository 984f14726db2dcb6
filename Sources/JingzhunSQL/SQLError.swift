/// Why a catalogue could not be written as SQL (house-style §3.3: a code, the place, a message
/// saying what to do).
public struct SQLError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// A construct the SQL compiler does not handle (yet).
        public static let unsupported = Code(name: "unsupported")
        /// A catalogue that was not checked (an unresolved name, a type mismatch).
        public static let unchecked = Code(name: "unchecked")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
