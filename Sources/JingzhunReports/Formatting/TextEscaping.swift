/// Escapes text for each output format.
///
/// runs-and-store.md §Reports: every text that came from a submission is escaped for its format.
/// HTML is escaped by Mustache itself (`{{ }}`), so the HTML view models carry raw text; Markdown
/// and CSV text is escaped here, before it enters the view model, and their templates are
/// rendered without HTML escaping (see `TemplateLibrary`).
public enum TextEscaping {
    /// Escapes for XML/SVG text and attribute values: `& < > " '`.
    public static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Characters XML 1.0 forbids (C0 controls but tab/newline/CR) become U+FFFD.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Escapes for a Markdown table cell or paragraph (CommonMark backslash escapes).
    ///
    /// Escapes `\ | * _ ` [ ] < >` everywhere and `#` at the start of a line; line breaks
    /// become spaces because a table row is one line. `<` is escaped so that no raw HTML
    /// reaches a Markdown renderer.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var atLineStart = true
        for character in text.unicodeScalars {
            switch character {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">":
                out += "\\"
                out.unicodeScalars.append(character)
            case "#" where atLineStart:
                out += "\\#"
            case "\r", "\n":
                out += " "
            default:
                out.unicodeScalars.append(character)
            }
            atLineStart = false
        }
        return out
    }

    /// A CSV cell holding text that came from outside (submitted or reference data).
    ///
    /// Cells beginning with `=`, `+`, `-`, `@`, tab or CR are neutralised with a leading `'` so
    /// that a spreadsheet does not run them as a formula (OWASP CSV injection). Then the cell is
    /// quoted per RFC 4180 when it holds a comma, a quote, or a line break; line breaks become
    /// spaces first so that a record stays on one line.
    public static func csvText(_ text: String) -> String {
        var cell = String(text.map { $0 == "\r\n" || $0 == "\n" || $0 == "\r" ? " " : $0 })
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            cell = "'" + cell
        }
        return csvQuoted(cell)
    }

    /// Quotes a CSV cell per RFC 4180 when it needs it (comma, quote, CR or LF); doubles quotes.
    public static func csvQuoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return cell
        }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of a character (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
