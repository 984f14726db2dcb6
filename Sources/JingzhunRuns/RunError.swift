/// Operational failure of a run (house-style §3.3): a stable code, what happened and how to fix it.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public static let pipelineFile = Code(name: "pipeline-file")
        public static let usage = Code(name: "usage")
        public static let locked = Code(name: "locked")
        public static let io = Code(name: "io")
        public static let manifest = Code(name: "manifest")
        public static let internalError = Code(name: "internal")
        /// The store failed its integrity check: exit 65, recover with `jingzhun rebuild`.
        public static let storeDamaged = Code(name: "store-damaged")
        public var description: String { name }
    }
    public var code: Code
    public var message: String
    public var path: String?
    /// The errno behind an IO failure, when there is one (it decides exit 73, 74 or 77).
    public var errno: Int32?
    public var underlying: (any Error)?
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }
    public var description: String { message }
}
