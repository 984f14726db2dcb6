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
            file: try OutputFile(
                directory: directory, name: key.id + ".truth.jsonl", gzip: false, fileSystem: fileSystem))
    }

    mutating func record(key: SubmissionKey, at: WrittenAt, defect: InjectedDefect) throws(SynthError) {
        let line = JSONValue.object([
            ("submission", .string(key.id)),
            ("file", .string(at.file)),
            ("line", .int(Int64(at.line))),
            ("household_id", .string(defect.householdID)),
            ("rule", .string(defect.kind.rule.rawValue)),
            ("field", defect.kind.field.map { .string($0) } ?? .null),
            ("defect", .string(defect.kind.rawValue)),
        ])
        out.append(line.render())
        try out.newline()
        count += 1
    }

    mutating func finish() throws(SynthError) -> SynthSummary.File {
        try out.flush()
        return try out.file.close()
    }
}
