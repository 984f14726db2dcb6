import JingzhunIO

// The Delta Lake actions this store writes and reads (delta-io/delta PROTOCOL.md §Actions):
// protocol, metaData, add, remove, commitInfo. Each action is one JSON line of a commit file;
// members are written in a fixed order so that a commit's bytes depend only on its content and
// the injected times.

/// `protocol`: the reader and writer versions a client needs (runs-and-store.md: reader 1, writer 2).
struct DeltaProtocol: Sendable, Equatable {
    var minReaderVersion: Int64
    var minWriterVersion: Int64
    static let store = DeltaProtocol(minReaderVersion: 1, minWriterVersion: 2)
}

/// `metaData`: identity, format, schema and partitioning of a table.
struct DeltaMetadata: Sendable, Equatable {
    var id: String
    var schemaString: String
    var partitionColumns: [String]
    var createdTime: Int64?
}

/// `add`: a data file that is part of the table from this version on.
struct DeltaAddFile: Sendable, Equatable {
    /// Path relative to the table root, decoded (the log holds it percent-encoded).
    var path: String
    /// Partition column → value, serialised as strings (PROTOCOL.md §Partition Value Serialization).
    var partitionValues: [String: String]
    var size: Int64
    var modificationTime: Int64
    var dataChange: Bool
    /// The per-file statistics, itself a JSON text (PROTOCOL.md §Per-file Statistics).
    var stats: String?
}

/// `remove`: a data file that is no longer part of the table (kept on disk for time travel).
struct DeltaRemoveFile: Sendable, Equatable {
    var path: String
    var deletionTimestamp: Int64
    var dataChange: Bool
    var partitionValues: [String: String]
    var size: Int64
}

/// `commitInfo`: provenance of a commit. deltalake's `history()` lists only commits that have one.
struct DeltaCommitInfo: Sendable, Equatable {
    var timestamp: Int64
    var operation: String
    /// Values are strings, as Spark writes them.
    var operationParameters: [(String, String)]

    static func == (a: DeltaCommitInfo, b: DeltaCommitInfo) -> Bool {
        a.timestamp == b.timestamp && a.operation == b.operation
            && a.operationParameters.map { [$0.0, $0.1] } == b.operationParameters.map { [$0.0, $0.1] }
    }
}

enum DeltaAction: Sendable, Equatable {
    case `protocol`(DeltaProtocol)
    case metaData(DeltaMetadata)
    case add(DeltaAddFile)
    case remove(DeltaRemoveFile)
    case commitInfo(DeltaCommitInfo)
    /// An action this store does not interpret (txn, cdc, domainMetadata …), kept as read.
    case other(String)
}

// MARK: - JSON form

extension DeltaAction {
    /// Name of the engine in commitInfo.
    static let engineInfo = "jingzhun"

    var json: JSON {
        switch self {
        case .protocol(let p):
            return .object([
                (
                    "protocol",
                    .object([
                        ("minReaderVersion", .int(p.minReaderVersion)),
                        ("minWriterVersion", .int(p.minWriterVersion)),
                    ])
                )
            ])
        case .metaData(let m):
            var members: [(String, JSON)] = [
                ("id", .string(m.id)),
                ("format", .object([("provider", .string("parquet")), ("options", .object([]))])),
                ("schemaString", .string(m.schemaString)),
                ("partitionColumns", .array(m.partitionColumns.map { .string($0) })),
                ("configuration", .object([])),
            ]
            if let createdTime = m.createdTime { members.append(("createdTime", .int(createdTime))) }
            return .object([("metaData", .object(members))])
        case .add(let a):
            var members: [(String, JSON)] = [
                ("path", .string(DeltaPath.encode(a.path))),
                ("partitionValues", DeltaAction.partitionJSON(a.partitionValues)),
                ("size", .int(a.size)),
                ("modificationTime", .int(a.modificationTime)),
                ("dataChange", .bool(a.dataChange)),
            ]
            if let stats = a.stats { members.append(("stats", .string(stats))) }
            return .object([("add", .object(members))])
        case .remove(let r):
            return .object([
                (
                    "remove",
                    .object([
                        ("path", .string(DeltaPath.encode(r.path))),
                        ("deletionTimestamp", .int(r.deletionTimestamp)),
                        ("dataChange", .bool(r.dataChange)),
                        ("extendedFileMetadata", .bool(true)),
                        ("partitionValues", DeltaAction.partitionJSON(r.partitionValues)),
                        ("size", .int(r.size)),
                    ])
                )
            ])
        case .commitInfo(let c):
            return .object([
                (
                    "commitInfo",
                    .object([
                        ("timestamp", .int(c.timestamp)),
                        ("operation", .string(c.operation)),
                        ("operationParameters", .stringMap(c.operationParameters)),
                        ("engineInfo", .string(DeltaAction.engineInfo)),
                    ])
                )
            ])
        case .other(let line):
            // Only read, never written by this store; re-serialise as it came.
            return (try? JSON.parse(line)) ?? .null
        }
    }

    /// Partition values with keys sorted bytewise (the JSON must not depend on hash order).
    static func partitionJSON(_ values: [String: String]) -> JSON {
        .stringMap(values.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) })
    }

    static func partitionValues(_ json: JSON?) -> [String: String]? {
        guard let members = json?.members else { return nil }
        var values: [String: String] = [:]
        for (key, value) in members {
            switch value {
            case .string(let s): values[key] = s
            case .null: values[key] = ""  // PROTOCOL.md: null and "" both mean a null partition value
            default: return nil
            }
        }
        return values
    }

    /// Reads one action line. Throws a description of what is wrong (the caller adds the file).
    static func parse(line: some Collection<UInt8>) throws(JSONParseError) -> DeltaAction {
        let json = try JSON.parse(line)
        guard let members = json.members, members.count == 1, let member = members.first else {
            throw JSONParseError(message: "an action line must be an object with exactly one member", offset: 0)
        }
        let (name, body) = member
        func missing(_ field: String) -> JSONParseError {
            JSONParseError(message: "'\(name)' action lacks a valid '\(field)'", offset: 0)
        }
        switch name {
        case "protocol":
            guard let reader = body["minReaderVersion"]?.int64Value else { throw missing("minReaderVersion") }
            guard let writer = body["minWriterVersion"]?.int64Value else { throw missing("minWriterVersion") }
            return .protocol(DeltaProtocol(minReaderVersion: reader, minWriterVersion: writer))
        case "metaData":
            guard let id = body["id"]?.stringValue else { throw missing("id") }
            guard let schema = body["schemaString"]?.stringValue else { throw missing("schemaString") }
            guard let columns = body["partitionColumns"]?.arrayValue?.compactMap(\.stringValue) else {
                throw missing("partitionColumns")
            }
            return .metaData(
                DeltaMetadata(
                    id: id, schemaString: schema, partitionColumns: columns,
                    createdTime: body["createdTime"]?.int64Value))
        case "add":
            guard let encoded = body["path"]?.stringValue, let path = DeltaPath.decode(encoded) else {
                throw missing("path")
            }
            guard let values = partitionValues(body["partitionValues"]) else { throw missing("partitionValues") }
            guard let size = body["size"]?.int64Value else { throw missing("size") }
            return .add(
                DeltaAddFile(
                    path: path, partitionValues: values, size: size,
                    modificationTime: body["modificationTime"]?.int64Value ?? 0,
                    dataChange: body["dataChange"]?.boolValue ?? true, stats: body["stats"]?.stringValue))
        case "remove":
            guard let encoded = body["path"]?.stringValue, let path = DeltaPath.decode(encoded) else {
                throw missing("path")
            }
            return .remove(
                DeltaRemoveFile(
                    path: path, deletionTimestamp: body["deletionTimestamp"]?.int64Value ?? 0,
                    dataChange: body["dataChange"]?.boolValue ?? true,
                    partitionValues: partitionValues(body["partitionValues"]) ?? [:],
                    size: body["size"]?.int64Value ?? 0))
        case "commitInfo":
            var parameters: [(String, String)] = []
            for p in body["operationParameters"]?.members ?? [] {
                parameters.append((p.0, p.1.stringValue ?? p.1.text))
            }
            return .commitInfo(
                DeltaCommitInfo(
                    timestamp: body["timestamp"]?.int64Value ?? 0, operation: body["operation"]?.stringValue ?? "",
                    operationParameters: parameters))
        default:
            return .other(String(decoding: Array(line), as: UTF8.self))
        }
    }
}

/// Paths in the log are URIs (PROTOCOL.md §Add File: RFC 2396), so bytes outside a safe set are
/// percent-encoded. The store's own paths only use the safe set, but the coding is general so
/// that tables written by other tools read correctly.
enum DeltaPath {
    /// Unreserved characters plus "/" (segment separator) and "=" (Hive `key=value`), which RFC 2396 allows in a path.
    private static func isSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"),
            UInt8(ascii: "="):
            true
        default: false
        }
    }

    static func encode(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in path.utf8 {
            if isSafe(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil for a malformed escape or bytes that are not UTF-8.
    static func decode(_ encoded: String) -> String? {
        let bytes = Array(encoded.utf8)
        var out: [UInt8] = []
        var index = 0
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = nibble(bytes[index + 1]), let low = nibble(bytes[index + 2])
                else {
                    return nil
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
