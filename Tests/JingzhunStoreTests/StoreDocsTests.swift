import Foundation
import Testing

@testable import JingzhunStore

/// docs/store.md documents every table's schema; this keeps it in step with the definitions.
struct StoreDocsTests {
    @Test(arguments: StoreTable.allCases)
    func docsListTheColumnsOfEachTable(table: StoreTable) throws {
        let docs = try readText(
            StoreFiles.directory(of: StoreFiles.directory(of: StoreFiles.directory(of: #filePath))) + "/docs/store.md")
        let lines = docs.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heading = try #require(
            lines.firstIndex(of: "### `\(table.rawValue)`"), "docs/store.md lacks a section for \(table)")
        var documented: [(name: String, type: String, nullable: Bool)] = []
        for line in lines[(heading + 1)...] {
            if line.hasPrefix("### ") || line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), !line.hasPrefix("| column | type |"), cells.count >= 3,
                !cells[0].hasPrefix("---")
            else {
                continue
            }
            documented.append((cells[0], cells[1], cells[2] == "yes"))
        }
        let definition = TableDefinition.of(table)
        let columns = definition.partitionColumns + definition.dataColumns
        #expect(documented.map(\.name) == columns.map(\.name))
        for (doc, column) in zip(documented, columns) {
            #expect(doc.type.contains(column.parquetTypeName), "\(table).\(column.name): docs say \(doc.type)")
            #expect(doc.nullable == column.isNullable, "\(table).\(column.name) nullability")
        }
    }
}

extension TableColumn {
    /// The type word docs/store.md uses.
    var parquetTypeName: String {
        switch type {
        case .string: "STRING"
        case .integer: "INT32"
        case .long: "INT64"
        case .double: "DOUBLE"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        }
    }
}
