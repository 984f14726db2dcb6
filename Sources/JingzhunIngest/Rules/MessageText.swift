/// Shows submitted values in messages safely: quoted, control characters escaped, length capped.
///
/// Messages go to logs, reports and the rejections table, so a value must not be able to break a
/// line, inject terminal escapes or flood a report. Personal values never come here: identity
/// numbers go through `IdentityNumber.masked`, member names are not shown at all. For values in
/// the wrong field, non-ASCII text from member rows is not shown here, and identity-shaped runs
/// are masked in every message once, where the batch leaves validation
/// (`SubmissionValidator.finish`).
enum MessageText {
    /// Longest shown prefix of a value, in code points.
    static let maxShownCodePoints = 40

    /// `"value"` with `\"`, `\\` and `\u{…}` escapes; invalid UTF-8 shown as U+FFFD; long values cut with `…`.
    static func quoted(_ bytes: [UInt8], personalRow: Bool = false) -> String {
        quoted(bytes[...], personalRow: personalRow)
    }

    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>, personalRow: Bool = false) -> String {
        quoted(Array(bytes)[...], personalRow: personalRow)
    }

    /// - Parameter personalRow: the value comes from a member row, where a file whose columns are
    ///   swapped or whose header is missing can put a name into any field: text beyond ASCII is
    ///   then not shown (no field of a member row but `name` may hold any).
    static func quoted(_ bytes: ArraySlice<UInt8>, personalRow: Bool = false) -> String {
        if personalRow && bytes.contains(where: { $0 >= 0x80 }) {
            return
                "(\(String(decoding: bytes, as: UTF8.self).count) characters, not shown: a member row may hold "
                + "personal data)"
        }
        var out = "\""
        var shown = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if shown == maxShownCodePoints {
                out += "…"
                break
            }
            shown += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
