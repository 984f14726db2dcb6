internal import Mustache

/// A table as the templates see it: captions and cells already formatted and escaped.
///
/// Templates only lay cells out; they never compute or format. `numeric` right-aligns a cell,
/// `last` lets CSV and Markdown templates place separators, `status` is a CSS class
/// (`pass`, `fail`, `none`, or empty).
struct TableModel {
    var caption: String
    var headers: [HeaderCell]
    var rows: [RowModel]
    /// Text shown instead of an empty table.
    var emptyText: String
    /// Stored, not computed: models without a `MustacheParent` conformance are read through
    /// `Mirror`, which sees stored properties only; keep it so for every model.
    var hasRows: Bool

    init(caption: String, headers: [HeaderCell], rows: [RowModel], emptyText: String = "None.") {
        self.caption = caption
        self.headers = TableModel.markLast(headers)
        self.rows = rows
        self.emptyText = emptyText
        self.hasRows = !rows.isEmpty
    }

    static func markLast(_ headers: [HeaderCell]) -> [HeaderCell] {
        var headers = headers
        if !headers.isEmpty { headers[headers.count - 1].last = true }
        return headers
    }
}

struct HeaderCell {
    var text: String
    var numeric: Bool
    var last = false
    /// The label in the other language, printed under `text` in HTML.
    var secondary = ""
    var hasSecondary = false
    init(_ text: String, numeric: Bool = false) {
        self.text = text
        self.numeric = numeric
    }
}

struct RowModel {
    var cells: [CellModel]
    /// A total row (nation in the national table, the province in the province table).
    var emphasis: Bool
    /// A row nested under the row above (county under its prefecture).
    var nested: Bool
    /// CSS class of the row (`total`, `nested` or empty).
    var cssClass: String
    init(cells: [CellModel], emphasis: Bool = false, nested: Bool = false) {
        var cells = cells
        if !cells.isEmpty { cells[cells.count - 1].last = true }
        self.cells = cells
        self.emphasis = emphasis
        self.nested = nested
        self.cssClass = emphasis ? "total" : nested ? "nested" : ""
    }
}

struct CellModel {
    var text: String
    var numeric: Bool
    var status: String
    var last = false
    /// A relative link the cell's text leads to (`hasLink`), and an id other pages link to (`hasAnchor`).
    var href = ""
    var hasLink = false
    var anchor = ""
    var hasAnchor = false
    /// CSS class: `num` for numbers plus the status.
    var cssClass: String
    init(_ text: String, numeric: Bool = false, status: String = "") {
        self.text = text
        self.numeric = numeric
        self.status = status
        self.cssClass = [numeric ? "num" : "", status].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The cell linking to `href` (unchanged when nil: CSV has no links).
    func linked(_ href: String?) -> CellModel {
        guard let href else { return self }
        var cell = self
        cell.href = href
        cell.hasLink = true
        return cell
    }

    /// The cell carrying the id `anchor` (HTML only; ignored by the other templates).
    func anchored(_ anchor: String) -> CellModel {
        var cell = self
        cell.anchor = anchor
        cell.hasAnchor = true
        return cell
    }
}

/// A chart with its text table (the accessible, printable equivalent).
struct ChartModel {
    var id: String
    var title: String
    /// Inline SVG markup, generated and escaped by the Charts code (rendered with `{{{svg}}}`),
    /// drawn when a template first asks for `svg`: only the HTML pages show charts, so the
    /// Markdown, CSV and workbook models of a report never draw them.
    let drawing: SVGDrawing
    var table: TableModel

    var svg: String { drawing.svg }

    init(id: String, title: String, svg: @autoclosure @escaping () -> String, table: TableModel) {
        self.id = id
        self.title = title
        self.drawing = SVGDrawing(svg)
        self.table = table
    }
}

/// A chart's SVG markup, drawn once, on first use. A model is built and rendered by one thread.
final class SVGDrawing: CustomStringConvertible {
    private let draw: () -> String
    private(set) lazy var svg: String = draw()

    init(_ draw: @escaping () -> String) { self.draw = draw }

    var description: String { svg }
}

/// Page furniture shared by all reports: header, footer and the indicators used.
struct PageModel {
    var title: String
    var subtitle: String
    var year: String
    var report: String
    var yearsAvailable: String
    var notes: [NoteModel]
    var definitions: TableModel
    /// Links up, across and down (empty in CSV).
    var nav: NavModel
    /// `Data as of version …`: the data version the page shows (`PageModel.dataAsOf`).
    var asOf: String
    var hasAsOf: Bool
}

struct NoteModel {
    var text: String
}

// Explicit children for the models templates visit most (every cell of every table): the
// renderer otherwise looks each name up through `Mirror`, which reflects every stored property
// on every lookup and made table cells the largest cost of rendering. The names are the stored
// properties' names, so templates read exactly what `Mirror` gave them; golden-file tests pin it.

extension TableModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "caption": caption
        case "headers": headers
        case "rows": rows
        case "emptyText": emptyText
        case "hasRows": hasRows
        default: nil
        }
    }
}

extension HeaderCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        case "last": last
        case "secondary": secondary
        case "hasSecondary": hasSecondary
        default: nil
        }
    }
}

extension RowModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cells": cells
        case "emphasis": emphasis
        case "nested": nested
        case "cssClass": cssClass
        // Computed: the whole row in one string (RowModel+Rendered.swift).
        case "htmlRow": htmlRow
        case "markdownRow": markdownRow
        case "csvRow": csvRow
        default: nil
        }
    }
}

extension CellModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        case "status": status
        case "last": last
        case "cssClass": cssClass
        case "href": href
        case "hasLink": hasLink
        case "anchor": anchor
        case "hasAnchor": hasAnchor
        default: nil
        }
    }
}

extension ChartModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "svg": svg
        case "drawing": drawing
        case "table": table
        default: nil
        }
    }
}

extension PageModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "subtitle": subtitle
        case "year": year
        case "report": report
        case "yearsAvailable": yearsAvailable
        case "notes": notes
        case "definitions": definitions
        case "nav": nav
        case "asOf": asOf
        case "hasAsOf": hasAsOf
        default: nil
        }
    }
}

extension NoteModel: MustacheParent {
    func child(named name: String) -> Any? { name == "text" ? text : nil }
}
