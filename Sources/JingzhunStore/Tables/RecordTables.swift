import JingzhunCore
import Parquet

// The ledger row (`SubmissionRecord`) and a finding (`SubmissionFinding`) are Core types, shared
// with the reports; this file is their codec for the `submissions` and `rejections` tables.

enum RecordTables {
    /// `H001=12;H002=11`: rule passes sorted by code (never hash order).
    static func passesText(_ passes: [RuleCode: Int]) -> String {
        passes.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ";")
    }

    static func submissions(_ r: SubmissionRecord) -> [ColumnMaker] {
        var b = ColumnsBuilder(.submissions)
        b.strings("submission", [r.key.id])
        b.int32s("revision", [r.key.revision])
        b.strings("format", [r.format.rawValue])
        b.strings("files", [r.files.joined(separator: ";")])
        b.strings("content_hash", [r.contentHash])
        b.strings("outcome", [r.outcome.rawValue])
        let c = r.counts
        b.int64s("households_received", [Int64(c.householdsReceived)])
        b.int64s("households_rejected", [Int64(c.householdsRejected)])
        b.int64s("members_received", [Int64(c.membersReceived)])
        b.int64s("members_accepted", [Int64(c.membersAccepted)])
        b.int64s("orphan_members", [Int64(c.orphanMembers)])
        b.int64s("counties_received", [Int64(c.countiesReceived)])
        b.int64s("counties_rejected", [Int64(c.countiesRejected)])
        b.int64s("villages_received", [Int64(c.villagesReceived)])
        b.int64s("villages_rejected", [Int64(c.villagesRejected)])
        b.int64s("warnings", [Int64(r.warnings)])
        b.strings("rule_passes", [passesText(c.passes)])
        b.strings("rule_findings", [passesText(c.findings)])
        b.optionalStrings("reason_rule", [r.reasonRule?.rawValue])
        b.optionalStrings("reason_message", [r.reasonMessage])
        return b.finish()
    }

    /// Finding rows of a batch: the whole-submission reason first, then rejected records, then warnings.
    static func rejectionRows(of batch: SubmissionBatch) -> [SubmissionFinding] {
        var rows: [SubmissionFinding] = []
        if let reason = batch.reason { rows.append(SubmissionFinding(submission: batch.key, reason)) }
        rows += batch.rejections.map { SubmissionFinding(submission: batch.key, $0) }
        rows += batch.warnings.map { SubmissionFinding(submission: batch.key, $0) }
        return rows
    }

    static func rejections(_ rows: [SubmissionFinding], submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.rejections)
        b.constant("submission", submission, count: rows.count)
        b.strings("file", rows.map(\.location.file))
        b.int64s("line", rows.map { Int64($0.location.line) })
        b.optionalInt64s("column", rows.map { $0.location.column.map(Int64.init) })
        b.optionalStrings("household_id", rows.map(\.householdID))
        b.strings("rule", rows.map(\.rule.rawValue))
        b.optionalStrings("field", rows.map(\.field))
        b.strings("message", rows.map(\.message))
        return b.finish()
    }

    // MARK: - Reading

    static func submissionKey(_ text: String, file: TableFileReader) throws(StoreError) -> SubmissionKey {
        guard let key = SubmissionKey(prefix: text) else {
            throw StoreError.corruptData("column 'submission' holds '\(text)', not a submission id", path: file.path)
        }
        return key
    }

    /// Reads back what `passesText` wrote: `RULE=count;RULE=count` (empty: none).
    static func ruleCounts(_ text: String, column: String, path: String) throws(StoreError) -> [RuleCode: Int] {
        var counts: [RuleCode: Int] = [:]
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: "=")
            guard parts.count == 2, let rule = RuleCode(rawValue: String(parts[0])), let value = Int(parts[1]) else {
                throw StoreError.corruptData("column '\(column)' holds '\(text)'", path: path)
            }
            counts[rule] = value
        }
        return counts
    }

    static func readSubmissions(_ file: TableFileReader) throws(StoreError) -> [SubmissionRecord] {
        let ids = try file.strings("submission")
        let formats = try file.codes("format", as: SubmissionFormat.self)
        let files = try file.strings("files")
        let hashes = try file.strings("content_hash")
        let outcomes = try file.codes("outcome", as: SubmissionOutcome.self)
        let countColumns = try [
            "households_received", "households_rejected", "members_received", "members_accepted", "orphan_members",
            "counties_received", "counties_rejected", "villages_received", "villages_rejected", "warnings",
        ].map { name throws(StoreError) in try file.int64s(name) }
        let passes = try file.strings("rule_passes")
        let findings = try file.strings("rule_findings")
        let reasonRules = try file.optionalStrings("reason_rule")
        let reasonMessages = try file.optionalStrings("reason_message")
        var out: [SubmissionRecord] = []
        for row in 0..<file.rowCount {
            var counts = SubmissionCounts()
            let n = countColumns.map { Int($0[row]) }
            counts.householdsReceived = n[0]
            counts.householdsRejected = n[1]
            counts.membersReceived = n[2]
            counts.membersAccepted = n[3]
            counts.orphanMembers = n[4]
            counts.countiesReceived = n[5]
            counts.countiesRejected = n[6]
            counts.villagesReceived = n[7]
            counts.villagesRejected = n[8]
            counts.passes = try ruleCounts(passes[row], column: "rule_passes", path: file.path)
            counts.findings = try ruleCounts(findings[row], column: "rule_findings", path: file.path)
            var reasonRule: RuleCode?
            if let text = reasonRules[row] {
                guard let rule = RuleCode(rawValue: text) else {
                    throw StoreError.corruptData(
                        "column 'reason_rule' holds '\(text)', not a rule code", path: file.path)
                }
                reasonRule = rule
            }
            out.append(
                SubmissionRecord(
                    key: try submissionKey(ids[row], file: file), format: formats[row],
                    files: files[row].isEmpty ? [] : files[row].split(separator: ";").map(String.init),
                    contentHash: hashes[row], outcome: outcomes[row], counts: counts, warnings: n[9],
                    reasonRule: reasonRule, reasonMessage: reasonMessages[row]))
        }
        return out
    }

    static func readRejections(_ file: TableFileReader) throws(StoreError) -> [SubmissionFinding] {
        let ids = try file.strings("submission")
        let files = try file.strings("file")
        let lines = try file.int64s("line")
        let columns = try file.optionalInt64s("column")
        let households = try file.optionalStrings("household_id")
        let rules = try file.strings("rule")
        let fields = try file.optionalStrings("field")
        let messages = try file.strings("message")
        var out: [SubmissionFinding] = []
        var lastKey: (text: String, key: SubmissionKey)?
        for row in 0..<file.rowCount {
            let key: SubmissionKey
            if let lastKey, lastKey.text == ids[row] {
                key = lastKey.key
            } else {
                key = try submissionKey(ids[row], file: file)
                lastKey = (ids[row], key)
            }
            guard let rule = RuleCode(rawValue: rules[row]) else {
                throw StoreError.corruptData("column 'rule' holds '\(rules[row])', not a rule code", path: file.path)
            }
            let location = SourceLocation(file: files[row], line: Int(lines[row]), column: columns[row].map { Int($0) })
            out.append(
                SubmissionFinding(
                    submission: key, rule: rule, location: location, householdID: households[row], field: fields[row],
                    message: messages[row]))
        }
        return out
    }
}

enum IndicatorTables {
    static func indicators(_ rows: [IndicatorRow]) -> [ColumnMaker] {
        var b = ColumnsBuilder(.indicators)
        b.strings("level", rows.map(\.level.rawValue))
        b.strings("area_code", rows.map(\.areaCode))
        b.strings("indicator", rows.map(\.indicator))
        b.optionalDoubles("value", rows.map(\.value))
        return b.finish()
    }

    static func breakdowns(_ rows: [BreakdownRow]) -> [ColumnMaker] {
        var b = ColumnsBuilder(.breakdowns)
        b.strings("level", rows.map(\.level.rawValue))
        b.strings("area_code", rows.map(\.areaCode))
        b.strings("dimension", rows.map(\.dimension))
        b.strings("member", rows.map(\.member))
        b.int64s("households", rows.map(\.households))
        b.optionalInt64s("population", rows.map(\.population))
        return b.finish()
    }

    static func levels(_ file: TableFileReader) throws(StoreError) -> [AreaLevel] {
        var out: [AreaLevel] = []
        for text in try file.strings("level") {
            guard let level = AreaLevel(rawValue: text) else {
                throw StoreError.corruptData("column 'level' holds '\(text)', not an area level", path: file.path)
            }
            out.append(level)
        }
        return out
    }

    static func readIndicators(_ file: TableFileReader, year: Int32) throws(StoreError) -> [IndicatorRow] {
        let levels = try levels(file)
        let areas = try file.strings("area_code")
        let ids = try file.strings("indicator")
        let values = try file.optionalDoubles("value")
        return (0..<file.rowCount).map {
            IndicatorRow(year: year, level: levels[$0], areaCode: areas[$0], indicator: ids[$0], value: values[$0])
        }
    }

    static func readBreakdowns(_ file: TableFileReader, year: Int32) throws(StoreError) -> [BreakdownRow] {
        let levels = try levels(file)
        let areas = try file.strings("area_code")
        let dimensions = try file.strings("dimension")
        let members = try file.strings("member")
        let households = try file.int64s("households")
        let population = try file.optionalInt64s("population")
        return (0..<file.rowCount).map {
            BreakdownRow(
                year: year, level: levels[$0], areaCode: areas[$0], dimension: dimensions[$0], member: members[$0],
                households: households[$0], population: population[$0])
        }
    }
}
