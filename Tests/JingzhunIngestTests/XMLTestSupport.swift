import Foundation
import JingzhunCore
import JingzhunIngest

/// Collects what an `XMLRegistryReader` reports, as one line per event for easy comparison.
struct XMLTestSink: RawRecordSink {
    var roots: [RegistryRoot] = []
    var records: [RawRecord] = []
    var warnings: [Diagnostic] = []
    var problems: [Rejection] = []
    /// Every event in arrival order: `kind@line:column field=value …` (values as UTF-8 text).
    var lines: [String] = []

    mutating func root(_ root: RegistryRoot, at location: SourceLocation) {
        roots.append(root)
        lines.append(
            "root@\(Self.position(location)) province=\(root.province ?? "-") year=\(root.year ?? "-") "
                + "revision=\(root.revision ?? "-")"
        )
    }

    mutating func record(_ record: RawRecord) {
        records.append(record)
        lines.append(Self.describe(record))
    }

    mutating func warning(_ diagnostic: Diagnostic) {
        warnings.append(diagnostic)
        lines.append("\(diagnostic.rule.rawValue)@\(Self.position(diagnostic.location)) \(diagnostic.message)")
    }

    mutating func problem(_ rejection: Rejection) {
        problems.append(rejection)
        lines.append("\(rejection.rule.rawValue)@\(Self.position(rejection.location)) \(rejection.message)")
    }

    /// Fields in the contract's order: the order a reader sets them in is not part of what it reads
    /// (the scanner's held households give them in that order, libxml2's reader in document order).
    static func describe(_ record: RawRecord) -> String {
        let fields = record.fields.sorted {
            ContractField(name: $0.name)!.rawValue < ContractField(name: $1.name)!.rawValue
        }
        .map { "\($0.name)=\(String(decoding: $0.value, as: UTF8.self))" }
        return (["\(record.kind.rawValue)@\(position(record.location))"] + fields).joined(separator: " ")
    }

    static func position(_ location: SourceLocation) -> String {
        "\(location.line)" + (location.column.map { ":\($0)" } ?? "")
    }
}

enum XMLTestInput {
    static let file = "52-2019-r2.registry.xml"

    /// Reads `bytes` with one `consume` per piece between the given split offsets.
    static func read(
        _ bytes: [UInt8], splitAt splits: [Int] = [], options: XMLRegistryReader.Options = .default
    ) -> XMLTestSink {
        let reader = XMLRegistryReader(file: file, options: options)
        var sink = XMLTestSink()
        var start = 0
        bytes.withUnsafeBytes { buffer in
            for end in splits.sorted() + [bytes.count] where end >= start {
                reader.consume(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), into: &sink)
                start = end
            }
        }
        reader.finish(into: &sink)
        return sink
    }

    static func read(_ text: String, options: XMLRegistryReader.Options = .default) -> XMLTestSink {
        read(Array(text.utf8), options: options)
    }

    static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    static func fixture(_ relativePath: String) throws -> [UInt8] {
        let url = fixturesDirectory.appendingPathComponent(relativePath)
        return try [UInt8](Data(contentsOf: url))
    }
}

// SplitMix64 (seeded, reproducible split points) is shared with the CSV tests: TestSupport.swift.
