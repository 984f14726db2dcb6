import JingzhunCore
import JingzhunIO

/// Writes `<submission>.truth.jsonl`: one JSON object per injected defect.
///
/// Keys, always in this order: `submission`, `file` (the submission file holding the defect),
/// `line` (1-based physical line of the offending record in the uncompressed file: the
/// `<household>`/`<member>` start line in XML, the row in CSV), `household_id` (as written in
/// that record), `rule` (`RuleCode` raw value), `field` (CSV column name, or null), `defect`
/// (`DefectKind` raw value). The truth files go to their own folder because a `*.truth.jsonl` in
/// the inbox would be reported as not a submission (F001).
struct TruthWriter {
    private var out: TextBuffer
    private(set) var count = 0

    init(directory: String, key: SubmissionKey, fileSystem: any FileSystem) throws(SynthError) {
        out = TextBuffer(
            file: try OutputFile(directory: directory, name: key.id + ".truth.jsonl", gzip: false, fileSystem: fileSystem))
    }

    mutating func record(key: SubmissionKey, at: WrittenAt, defect: InjectedDefect) throws(SynthError) {
        out.append("{\"submission\":" as StaticString)
        Self.appendJSONString(key.id, to: &out)
        out.append(",\"file\":" as StaticString)
        Self.appendJSONString(at.file, to: &out)
        out.append(",\"line\":" as StaticString)
        out.append(String(at.line))
        out.append(",\"household_id\":" as StaticString)
        Self.appendJSONString(defect.householdID, to: &out)
        out.append(",\"rule\":" as StaticString)
        Self.appendJSONString(defect.kind.rule.rawValue, to: &out)
        out.append(",\"field\":" as StaticString)
        if let field = defect.kind.field { Self.appendJSONString(field, to: &out) } else { out.append("null" as StaticString) }
        out.append(",\"defect\":" as StaticString)
        Self.appendJSONString(defect.kind.rawValue, to: &out)
        out.append("}" as StaticString)
        try out.newline()
        count += 1
    }

    mutating func finish() throws(SynthError) -> SynthSummary.File {
        try out.flush()
        return try out.file.close()
    }

    static func appendJSONString(_ text: String, to out: inout TextBuffer) {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(escaped + "\"")
    }
}
