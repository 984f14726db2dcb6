/// A table row as one string per format, for the shipped `table.*` partials: one Mustache
/// lookup per row instead of five per cell.
///
/// Mustache looks every name up through a chain of dynamic casts and pushes a context for every
/// element of a section, so the cells of the tables (every area of a province, in every format)
/// were the largest cost of rendering at 4 × 250,000 households. Each string here is exactly
/// what the partial's long form (below, and in a comment in the partial) renders, so a template
/// author can go back to the long form without changing a byte; ReportRowRenderingTests checks
/// the two forms against each other.
///
/// - `htmlRow`: `<tr class="{{cssClass}}">{{#cells}}<td class="{{cssClass}}"{{#hasAnchor}}
///   id="{{anchor}}"{{/hasAnchor}}>{{#hasLink}}<a href="{{href}}">{{text}}</a>{{/hasLink}}
///   {{^hasLink}}{{text}}{{/hasLink}}</td>{{/cells}}</tr>` (without the line breaks), the values
///   escaped as `.html` templates escape them (`HTMLEscapingContentType`).
/// - `markdownRow`: `|{{#cells}} {{#hasLink}}[{{text}}]({{href}}){{/hasLink}}{{^hasLink}}{{text}}
///   {{/hasLink}} |{{/cells}}`; Markdown templates do not escape (their text is escaped already).
/// - `csvRow`: `{{#cells}}{{text}}{{^last}},{{/last}}{{/cells}}`; CSV text is escaped already.
extension RowModel {
    var htmlRow: String {
        let escape = HTMLEscapingContentType()
        var out = "<tr class=\""
        out += escape.escapeText(cssClass)
        out += "\">"
        for cell in cells {
            out += "<td class=\""
            out += escape.escapeText(cell.cssClass)
            out += "\""
            if cell.hasAnchor {
                out += " id=\""
                out += escape.escapeText(cell.anchor)
                out += "\""
            }
            out += ">"
            if cell.hasLink {
                out += "<a href=\""
                out += escape.escapeText(cell.href)
                out += "\">"
                out += escape.escapeText(cell.text)
                out += "</a>"
            } else {
                out += escape.escapeText(cell.text)
            }
            out += "</td>"
        }
        out += "</tr>"
        return out
    }

    var markdownRow: String {
        var out = "|"
        for cell in cells {
            out += " "
            if cell.hasLink {
                out += "["
                out += cell.text
                out += "]("
                out += cell.href
                out += ")"
            } else {
                out += cell.text
            }
            out += " |"
        }
        return out
    }

    var csvRow: String {
        var out = ""
        for cell in cells {
            out += cell.text
            if !cell.last { out += "," }
        }
        return out
    }
}
