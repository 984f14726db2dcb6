/// The one place text is escaped for an output language (issue 14): HTML (reports), XML (SVG
/// charts; synth's registry files), Markdown and CSV (reports, exports, synth's CSV files) and
/// JSON (the JSON codec's writer, `JSONValue.writeString`). Each caller calls these; none keeps a
/// copy.
///
/// Why JingzhunIO and not Core: the escapers belong with the JSON codec (one folder for the text
/// formats the program writes), and the pure Core must not grow a format (docs/architecture.md).
/// runs-and-store.md §Reports: every text that came from a submission is escaped for its format.
public enum TextEscaping {
    // MARK: - HTML

    /// The five characters swift-mustache's HTML content type escapes (`< > & " '`), Character by
    /// Character exactly as `htmlEscape()` of swift-mustache 2.1.1 does, after one scan of the
    /// UTF-8 bytes returns a value holding none of them unchanged.
    public static func html(_ text: String) -> String {
        guard text.utf8.contains(where: isHTMLSpecial) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = htmlReplacements[character] {
                escaped += replacement
            } else {
                escaped.append(character)
            }
        }
        return escaped
    }

    private static let htmlReplacements: [Character: String] = [
        "<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;",
    ]

    public static func isHTMLSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    // MARK: - XML

    /// XML/SVG text and attribute values: `& < > " '`; characters XML 1.0 forbids (C0 controls
    /// but tab, newline and CR) become U+FFFD.
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
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A double-quoted XML attribute value appended as UTF-8: `& < > "` and the line-break and tab
    /// bytes as character references (so an attribute-value normaliser keeps them).
    @inlinable
    public static func appendXMLAttribute(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case 0x0A: out.append(contentsOf: "&#10;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09: out.append(contentsOf: "&#9;".utf8)
            default: out.append(byte)
            }
        }
    }

    /// XML character data appended as UTF-8: `& < >` escaped.
    @inlinable
    public static func appendXMLText(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            default: out.append(byte)
            }
        }
    }

    // MARK: - Markdown

    /// A Markdown table cell or paragraph (CommonMark backslash escapes): `\ | * _ ` [ ] < >`
    /// everywhere and `#` at the start of a line; line breaks become spaces because a table row is
    /// one line. `<` is escaped so that no raw HTML reaches a Markdown renderer.
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

    // MARK: - CSV

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
        guard cell.utf8.contains(where: needsCSVQuotes) else { return cell }
        var out: [UInt8] = []
        appendCSVQuoted(cell, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `csvQuoted` appended as UTF-8 (synth's CSV files).
    @inlinable
    public static func appendCSVQuoted(_ cell: String, to out: inout [UInt8]) {
        guard cell.utf8.contains(where: needsCSVQuotes) else {
            out.append(contentsOf: cell.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in cell.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    @inlinable
    public static func needsCSVQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }

    // MARK: - JSON

    /// `text` as a JSON string literal, quotes included (the codec's writer: `"`, `\` and control
    /// characters escaped, everything else raw UTF-8).
    public static func json(_ text: String) -> String {
        var out: [UInt8] = []
        JSONValue.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
