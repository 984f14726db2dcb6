/// Text from outside (inbox file names above all) made safe to print on one line (issue 13).
///
/// A file name may hold any byte but `/` and NUL: a newline in it would split a plain-text log
/// line (forging a second line), a carriage return or escape sequence would rewrite the
/// terminal. Wherever such text is printed — plain log lines, messages, `check` output — its
/// control characters are written as escapes instead: `\n`, `\r`, `\t`, and `\u{XX}` for the
/// other C0 and C1 controls, DEL and the Unicode line and paragraph separators. JSON output
/// escapes them by its own rules; files are still opened by their real names.
public enum DisplayText {
    /// `text` with every control character escaped; unchanged when it holds none.
    public static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
