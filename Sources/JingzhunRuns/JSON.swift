/// A small JSON value with deterministic output (keys in insertion order as given), used for
/// manifests and logs so that field order never depends on hashing.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    /// Compact (one line) or pretty (2-space indent) text.
    public func render(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .string(let s): JSONValue.escape(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, pretty: pretty, indent: indent + 1)
                if i < items.count - 1 { out += "," }
                out += nl
            }
            out += close + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in fields.enumerated() {
                out += pad
                JSONValue.escape(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(into: &out, pretty: pretty, indent: indent + 1)
                if i < fields.count - 1 { out += "," }
                out += nl
            }
            out += close + "}"
        }
    }

    public static func escape(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first(where: { $0.0 == key })?.1
    }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}

/// Minimal JSON parser (for reading manifests back in `verify`).
public struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    public init(_ text: String) { bytes = Array(text.utf8) }

    public struct Failure: Error, CustomStringConvertible {
        public var offset: Int
        public var description: String { "malformed JSON at byte \(offset)" }
    }

    public mutating func parse() throws(Failure) -> JSONValue {
        let v = try value()
        skip()
        guard i == bytes.count else { throw Failure(offset: i) }
        return v
    }

    private mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

    private mutating func value() throws(Failure) -> JSONValue {
        skip()
        guard i < bytes.count else { throw Failure(offset: i) }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var fields: [(String, JSONValue)] = []
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
            while true {
                skip()
                guard case .string(let k) = try value() else { throw Failure(offset: i) }
                skip()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Failure(offset: i) }
                i += 1
                fields.append((k, try value()))
                skip()
                guard i < bytes.count else { throw Failure(offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                throw Failure(offset: i)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skip()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value())
                skip()
                guard i < bytes.count else { throw Failure(offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw Failure(offset: i)
            }
        case UInt8(ascii: "\""):
            i += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") {
                    if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw = [] }
                    i += 1
                    guard i < bytes.count else { throw Failure(offset: i) }
                    switch bytes[i] {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{c}")
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16)
                        else { throw Failure(offset: i) }
                        scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                        i += 4
                    default: scalars.append(Unicode.Scalar(bytes[i]))
                    }
                    i += 1
                } else {
                    raw.append(bytes[i])
                    i += 1
                }
            }
            guard i < bytes.count else { throw Failure(offset: i) }
            i += 1
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars) }
            return .string(String(scalars))
        case UInt8(ascii: "t"):
            guard bytes[i...].starts(with: "true".utf8) else { throw Failure(offset: i) }
            i += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            guard bytes[i...].starts(with: "false".utf8) else { throw Failure(offset: i) }
            i += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            guard bytes[i...].starts(with: "null".utf8) else { throw Failure(offset: i) }
            i += 4
            return .null
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let n = Int64(text) { return .int(n) }
            if let d = Double(text) { return .double(d) }
            throw Failure(offset: start)
        }
    }
}
