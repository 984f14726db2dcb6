#if canImport(Glibc)
    import JingzhunIO
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one error type of the store: a stable code, what happened to which path, how to fix it,
/// and the cause behind it (house-style §3.3, kind 2: operational failures are thrown).
///
/// All wording of store errors is produced by the static constructors below.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Stable error code; compare with `==` against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case io, corruptLog, corruptData, unsupportedTable, schemaMismatch, versionNotFound
            case commitConflict, incompleteApply, invalidArgument, parquet
            case damaged
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// A file-system call failed (permissions, disk full, missing folder).
        public static let io = Code(.io)
        /// A `_delta_log` commit is missing or not valid JSON/Delta.
        public static let corruptLog = Code(.corruptLog)
        /// A data file is missing, unreadable, or holds values outside the contract.
        public static let corruptData = Code(.corruptData)
        /// The table needs a Delta reader/writer feature this program does not implement.
        public static let unsupportedTable = Code(.unsupportedTable)
        /// The table's schema is not the one this program writes.
        public static let schemaMismatch = Code(.schemaMismatch)
        /// Time travel to a version the table does not have.
        public static let versionNotFound = Code(.versionNotFound)
        /// Another writer kept winning the race for the next version.
        public static let commitConflict = Code(.commitConflict)
        /// A submission's apply was interrupted; re-applying it completes it.
        public static let incompleteApply = Code(.incompleteApply)
        /// The caller passed something the store cannot record (a bug in the caller).
        public static let invalidArgument = Code(.invalidArgument)
        /// The Parquet library refused to write or read a file.
        public static let parquet = Code(.parquet)
        /// The integrity check found the store damaged (a table, commit or data file missing or
        /// emptied); nothing may be computed or reported from it (`Store.checkIntegrity`).
        public static let damaged = Code(.damaged)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// What happened, to which file, and how to fix it.
    public var message: String
    public var path: String?
    public var underlying: (any Error)?
    /// The errno of an `.io` failure (it decides the exit status: 73, 74 or 77).
    public var errno: Int32?

    public init(_ code: Code, _ message: String, path: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    /// The store is damaged rather than the call failing: a missing or unparsable commit, a
    /// missing or unreadable data file, or a failed integrity check. Runs and reports refuse
    /// with exit status 65 and point to `jingzhun rebuild`.
    public var isDamage: Bool { code == .damaged || code == .corruptLog || code == .corruptData }

    public var description: String {
        var text = message
        if let underlying { text += " (\(underlying))" }
        return text
    }
}

extension StoreError {
    static func io(
        _ what: String, path: String, errno code: Int32,
        fix: String = "check that the folder exists and is writable, and that the disk is not full"
    ) -> StoreError {
        let reason = String(cString: strerror(code))
        var error = StoreError(.io, "\(what) '\(path)' failed: \(reason); \(fix)", path: path)
        error.errno = code
        return error
    }

    static func corruptLog(_ what: String, path: String, underlying: (any Error)? = nil) -> StoreError {
        StoreError(
            .corruptLog,
            "the Delta log file '\(path)' is not valid: \(what); the store is damaged: rebuild it from the inbox with "
                + "`jingzhun rebuild PIPELINE.yaml` (or restore the store folder from a backup)",
            path: path, underlying: underlying)
    }

    static func corruptData(_ what: String, path: String, underlying: (any Error)? = nil) -> StoreError {
        StoreError(
            .corruptData,
            "the data file '\(path)' cannot be used: \(what); the store is damaged: rebuild it from the inbox with "
                + "`jingzhun rebuild PIPELINE.yaml` (or restore the store folder from a backup)",
            path: path, underlying: underlying)
    }
}
