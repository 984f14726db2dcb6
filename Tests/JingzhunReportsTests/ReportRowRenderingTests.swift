import Foundation
import JingzhunCore
import Testing

@testable import JingzhunReports

/// The pre-rendered table rows (`htmlRow`, `markdownRow`, `csvRow`: RowModel+Rendered.swift)
/// are byte for byte what the long form of the `table.*` partials renders from the cells, so
/// the shipped partials can use them and a template author can go back to the long form.
@Suite struct ReportRowRenderingTests {
    /// The rows of the `table.*` partials written out cell by cell, as they were before the
    /// pre-rendered rows (keyed by the line that replaces them).
    static let longForms = [
        "{{{htmlRow}}}": "<tr class=\"{{cssClass}}\">{{#cells}}<td class=\"{{cssClass}}\"{{#hasAnchor}} "
            + "id=\"{{anchor}}\"{{/hasAnchor}}>{{#hasLink}}<a href=\"{{href}}\">{{text}}</a>{{/hasLink}}"
            + "{{^hasLink}}{{text}}{{/hasLink}}</td>{{/cells}}</tr>",
        "{{{markdownRow}}}": "|{{#cells}} {{#hasLink}}[{{text}}]({{href}}){{/hasLink}}{{^hasLink}}{{text}}"
            + "{{/hasLink}} |{{/cells}}",
        "{{{csvRow}}}": "{{#cells}}{{text}}{{^last}},{{/last}}{{/cells}}",
    ]

    /// The committed templates, as text.
    static func shippedTemplates() throws -> [String: String] {
        var templates: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: Fixture.templateDirectory)
        where file.hasSuffix(".mustache") {
            templates[String(file.dropLast(".mustache".count))] = try String(
                contentsOfFile: Fixture.templateDirectory + "/" + file, encoding: .utf8)
        }
        return templates
    }

    @Test func everyReportRendersTheSameWithTheLongFormOfTheRows() throws {
        let shipped = try Self.shippedTemplates()
        var long = shipped
        var replaced = 0
        for name in ["table.html", "table.md", "table.csv"] {
            guard var text = long[name] else { continue }
            for (short, form) in Self.longForms where text.contains(short) {
                text = text.replacing(short, with: form)
                replaced += 1
            }
            long[name] = text
        }
        #expect(replaced == 3, "each table partial uses its pre-rendered row")
        let renderer = ReportRenderer()
        let shippedLibrary = try TemplateLibrary(templates: shipped)
        let longLibrary = try TemplateLibrary(templates: long)
        var compared = 0
        for year: Int32 in [2019, 2020] {
            let fast = try renderer.renderAll(year: year, data: Fixture.data, templates: shippedLibrary)
            let slow = try renderer.renderAll(year: year, data: Fixture.data, templates: longLibrary)
            #expect(fast.map(\.relativePath) == slow.map(\.relativePath))
            for (a, b) in zip(fast, slow) where !a.relativePath.hasSuffix(".xlsx") {
                #expect(a.bytes == b.bytes, "\(a.relativePath) differs between the row forms")
                compared += 1
            }
        }
        let fastSite = try renderer.renderSite(data: Fixture.data, templates: shippedLibrary)
        let slowSite = try renderer.renderSite(data: Fixture.data, templates: longLibrary)
        #expect(fastSite.map(\.bytes) == slowSite.map(\.bytes))
        #expect(compared > 40)
    }

    /// Every field of a cell that reaches the row, with the five characters HTML escapes in each,
    /// a link, an anchor, an empty cell and a row class.
    @Test func hostileCellsRenderTheSameInBothForms() throws {
        var linked = CellModel("<b>&\"'x'</b>", numeric: true, status: "a<b")
        linked = linked.linked("p&q.html#a\"b").anchored("id<'>&")
        let rows = [
            RowModel(cells: [linked, CellModel(""), CellModel("[x](y) | *z*")], emphasis: true),
            RowModel(cells: [CellModel("plain", numeric: true)], nested: true),
            RowModel(cells: []),
        ]
        let table = TableModel(caption: "c", headers: [HeaderCell("h")], rows: rows)
        for (name, short) in [("t.html", "{{{htmlRow}}}"), ("t.md", "{{{markdownRow}}}"), ("t.csv", "{{{csvRow}}}")] {
            guard let form = Self.longForms[short] else { continue }
            let library = try TemplateLibrary(templates: [
                name: "{{#rows}}\(short)\n{{/rows}}=\n{{#rows}}\(form)\n{{/rows}}"
            ])
            let output = try library.render(table, template: name)
            let halves = output.split(separator: "=\n", omittingEmptySubsequences: false)
            #expect(halves.count == 2 && halves[0] == halves[1], "\(name): \(halves)")
            #expect(halves.first?.isEmpty == false)
        }
    }
}
