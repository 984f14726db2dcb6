// Runs Python (pyarrow, DuckDB) as a reference reader and writer for interop tests.

import Foundation

/// The interpreter named by `JINGZHUN_PYTHON` (default `python3`).
enum PythonInterop {
    static var executable: String { ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3" }

    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static func run(_ script: String, arguments: [String] = []) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable, "-c", script] + arguments
        let stdout = Pipe()
        // stderr goes to a file, so a chatty child cannot block on a full pipe while stdout is read.
        let errorPath = temporaryPath("stderr-\(UInt64.random(in: 0...UInt64.max))")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = stdout
        process.standardError = errorHandle
        try process.run()
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errData = FileManager.default.contents(atPath: errorPath) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Nil when every module imports; otherwise the reason to skip, which the caller prints.
    static func skipReason(modules: [String]) -> String? {
        do {
            let output = try run("import " + modules.joined(separator: ", "))
            if output.status == 0 { return nil }
            return
                "\(executable) cannot import \(modules.joined(separator: ", ")): "
                + "\(output.stderr.split(separator: "\n").last ?? "")"
        } catch {
            return "cannot run \(executable): \(error)"
        }
    }

    /// A fresh path in the temporary directory for one test's file.
    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.path
        return "\(directory)/jingzhun-parquet-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    }
}

/// A JSON scalar as Python prints it; strings compare by UTF-8 bytes (not canonical equivalence).
enum JSONScalar: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    static func == (lhs: JSONScalar, rhs: JSONScalar) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): Array(a.utf8) == Array(b.utf8)
        default: false
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        }
    }
}
