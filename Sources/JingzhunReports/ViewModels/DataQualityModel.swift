import JingzhunCore

/// View model of the `data-quality` report: per submission of the year, what was received,
/// accepted and rejected and why; warnings; the province-level quality indicators; and the
/// provinces that sent nothing for the year.
struct DataQualityModel {
    var page: PageModel
    var overview: TableModel
    var submissions: [SubmissionSection]
    var hasSubmissions: Bool
    var provinceQuality: TableModel
    var missingProvinces: [NoteModel]
    var hasMissingProvinces: Bool
    var csv: TableModel

    struct SubmissionSection {
        var heading: String
        var files: String
        var status: String
        var reason: String
        var hasReason: Bool
        var rules: TableModel
        var rejected: TableModel
        /// Empty, or one note saying how many records are not shown (an array, so a template tests it with a section).
        var rejectedNote: [NoteModel]
        var warningRules: TableModel
        var warnings: TableModel
        var warningsNote: [NoteModel]
        /// No rejected record and no warning: the templates print one line instead of empty tables.
        var isClean: Bool
    }

    /// Rejected records (and warnings) listed per submission in HTML and Markdown; CSV lists all.
    static let listedRecords = 20

    /// The outcome with its labels, for people: `Applied (已入库), in force`.
    static func outcomeText(_ summary: SubmissionSummary, style: FormatStyle) -> String {
        let labels = FormatStyle.both(
            primaryChinese: style.options.language == .zh, summary.outcome.labelChinese, summary.outcome.labelEnglish)
        return labels + (summary.inForce ? ", in force" : "")
    }

    static func build(index: ReportIndex, year: Int32, province: String?, style: FormatStyle) -> DataQualityModel {
        let data = index.data
        let submissions = data.submissions
            .filter { $0.key.year == year && (province == nil || String($0.key.province) == province) }
            .sorted { $0.key < $1.key }
        var rejectionsBySubmission: [SubmissionKey: [SubmissionFinding]] = [:]
        var warningsBySubmission: [SubmissionKey: [SubmissionFinding]] = [:]
        for finding in data.findings {
            switch finding.severity {
            case .rejection: rejectionsBySubmission[finding.submission, default: []].append(finding)
            case .warning: warningsBySubmission[finding.submission, default: []].append(finding)
            }
        }
        let percent = ReportIndex.definition("rejected_household_pct")

        // Counts by rule are the ledger's totals where it has them (rows are capped at
        // `SubmissionCounts.examplesPerRule` per rule), else the rows (the reason row, old stores).
        func ruleCounts<T>(_ items: [T], totals: [RuleCode: Int] = [:], rule: (T) -> RuleCode) -> [(
            rule: RuleCode, count: Int
        )] {
            var counts: [RuleCode: Int] = [:]
            for item in items { counts[rule(item), default: 0] += 1 }
            for (code, total) in totals where counts[code] != nil { counts[code] = max(counts[code] ?? 0, total) }
            return counts.keys.sorted().map { ($0, counts[$0] ?? 0) }
        }
        /// Findings not kept as rows (beyond the cap per rule) among `rows`' rules.
        func omitted(_ rows: [RuleCode], totals: [RuleCode: Int]) -> Int {
            var counts: [RuleCode: Int] = [:]
            for code in rows { counts[code, default: 0] += 1 }
            return counts.reduce(0) { $0 + max(0, (totals[$1.key] ?? 0) - $1.value) }
        }
        func ruleTable(caption: String, counts: [(rule: RuleCode, count: Int)], empty: String) -> TableModel {
            TableModel(
                caption: style.label(caption),
                headers: [
                    style.header("Rule", machine: "rule"), style.header("Count", machine: "count", numeric: true),
                ],
                rows: counts.map {
                    RowModel(cells: [
                        CellModel(style.text($0.rule.rawValue + " " + $0.rule.summary)),
                        CellModel(style.count($0.count), numeric: true),
                    ])
                },
                emptyText: empty)
        }

        var overviewRows: [RowModel] = []
        var sections: [SubmissionSection] = []
        var csvRows: [RowModel] = []
        func csvRow(
            province: String, submission: String, item: String, rule: String = "", value: String = "",
            household: String = "", location: String = "", message: String = ""
        ) {
            csvRows.append(
                RowModel(cells: [
                    CellModel(style.text(province)), CellModel(style.text(submission)), CellModel(item),
                    CellModel(rule),
                    CellModel(value, numeric: true), CellModel(style.text(household)), CellModel(style.text(location)),
                    CellModel(style.text(message)),
                ]))
        }

        for summary in submissions {
            let key = summary.key
            let rejections = (rejectionsBySubmission[key] ?? []).sorted(by: SubmissionFinding.listingOrder)
            let warnings = (warningsBySubmission[key] ?? []).sorted(by: SubmissionFinding.listingOrder)
            let accepted = summary.householdsReceived - summary.householdsRejected
            let rejectedPct =
                summary.householdsReceived == 0
                ? nil : 100 * Double(summary.householdsRejected) / Double(summary.householdsReceived)
            let reason = summary.reasonRule.map { "\($0.rawValue): " + (summary.reasonMessage ?? "") } ?? ""
            overviewRows.append(
                RowModel(cells: [
                    CellModel(style.text(key.id)), CellModel(style.text(summary.format.rawValue)),
                    CellModel(
                        style.text(outcomeText(summary, style: style)),
                        status: summary.outcome == .applied ? "" : "fail"),
                    CellModel(style.count(summary.householdsReceived), numeric: true),
                    CellModel(style.count(accepted), numeric: true),
                    CellModel(style.count(summary.householdsRejected), numeric: true),
                    style.cell(rejectedPct, percent),
                    CellModel(style.count(summary.membersAccepted), numeric: true),
                    CellModel(style.count(summary.orphanMembers), numeric: true),
                    CellModel(style.count(summary.warnings), numeric: true),
                    CellModel(reason.isEmpty ? style.null : style.text(reason)),
                ]))

            let shown = rejections.prefix(listedRecords)
            let shownWarnings = warnings.prefix(listedRecords)
            let unstoredRejections = omitted(rejections.map(\.rule), totals: summary.ruleFindings)
            let unstoredWarnings = omitted(warnings.map(\.rule), totals: summary.ruleFindings)
            func note(_ shownCount: Int, _ stored: Int, _ unstored: Int, _ what: String) -> [NoteModel] {
                if unstored > 0 {
                    return [
                        NoteModel(
                            text: style.label(
                                "Showing \(shownCount) of \(ValueFormatter.count(stored + unstored)) \(what); "
                                    + "the CSV lists the \(ValueFormatter.count(stored)) kept (at most "
                                    + "\(ValueFormatter.count(SubmissionCounts.examplesPerRule)) per rule)."
                            ))
                    ]
                }
                return stored > shownCount
                    ? [NoteModel(text: style.label("Showing \(shownCount) of \(stored) \(what); the CSV lists all."))]
                    : []
            }
            sections.append(
                SubmissionSection(
                    heading: style.text("Submission \(key.id) (\(index.label(String(key.province))))"),
                    files: style.text(summary.files.joined(separator: ", ")),
                    status: style.text(
                        "\(outcomeText(summary, style: style)); "
                            + "\(ValueFormatter.count(summary.householdsReceived)) household records "
                            + "received, \(ValueFormatter.count(accepted)) accepted, "
                            + "\(ValueFormatter.count(summary.householdsRejected)) rejected"),
                    reason: style.text(reason), hasReason: !reason.isEmpty,
                    rules: ruleTable(
                        caption: "Rejections by rule",
                        counts: ruleCounts(rejections, totals: summary.ruleFindings) { $0.rule },
                        empty: "No rejections."),
                    rejected: TableModel(
                        caption: style.label("First \(listedRecords) rejected records"),
                        headers: [
                            style.header("Household", machine: "household_id"),
                            style.header("File:line", machine: "location"),
                            style.header("Rule", machine: "rule"), style.header("Message", machine: "message"),
                        ],
                        rows: shown.map {
                            RowModel(cells: [
                                CellModel($0.householdID.map(style.text) ?? style.null),
                                CellModel(style.text($0.location.description)),
                                CellModel($0.rule.rawValue), CellModel(style.text($0.message)),
                            ])
                        }, emptyText: "No rejected records."),
                    rejectedNote: note(shown.count, rejections.count, unstoredRejections, "rejected records"),
                    warningRules: ruleTable(
                        caption: "Warnings by rule",
                        counts: ruleCounts(warnings, totals: summary.ruleFindings) { $0.rule },
                        empty: "No warnings."),
                    warnings: TableModel(
                        caption: style.label("First \(listedRecords) warnings"),
                        headers: [
                            style.header("File:line", machine: "location"), style.header("Rule", machine: "rule"),
                            style.header("Message", machine: "message"),
                        ],
                        rows: shownWarnings.map {
                            RowModel(cells: [
                                CellModel(style.text($0.location.description)), CellModel($0.rule.rawValue),
                                CellModel(style.text($0.message)),
                            ])
                        }, emptyText: "No warnings."),
                    warningsNote: note(shownWarnings.count, warnings.count, unstoredWarnings, "warnings"),
                    isClean: rejections.isEmpty && warnings.isEmpty))

            let provinceCode = String(key.province)
            csvRow(
                province: provinceCode, submission: key.id, item: "outcome", rule: summary.reasonRule?.rawValue ?? "",
                value: style.text(summary.outcome.rawValue), message: summary.reasonMessage ?? "")
            csvRow(province: provinceCode, submission: key.id, item: "in_force", value: summary.inForce ? "1" : "0")
            for (item, count) in [
                ("households_received", summary.householdsReceived), ("households_accepted", accepted),
                ("households_rejected", summary.householdsRejected), ("members_accepted", summary.membersAccepted),
                ("orphan_members", summary.orphanMembers), ("warnings", summary.warnings),
            ] {
                csvRow(province: provinceCode, submission: key.id, item: item, value: String(count))
            }
            for entry in ruleCounts(rejections, totals: summary.ruleFindings, rule: { $0.rule }) {
                csvRow(
                    province: provinceCode, submission: key.id, item: "rejections_by_rule", rule: entry.rule.rawValue,
                    value: String(entry.count))
            }
            for rejection in rejections {
                csvRow(
                    province: provinceCode, submission: key.id, item: "rejected_record", rule: rejection.rule.rawValue,
                    household: rejection.householdID ?? "", location: rejection.location.description,
                    message: rejection.message)
            }
            for entry in ruleCounts(warnings, totals: summary.ruleFindings, rule: { $0.rule }) {
                csvRow(
                    province: provinceCode, submission: key.id, item: "warnings_by_rule", rule: entry.rule.rawValue,
                    value: String(entry.count))
            }
            for warning in warnings {
                csvRow(
                    province: provinceCode, submission: key.id, item: "warning", rule: warning.rule.rawValue,
                    location: warning.location.description, message: warning.message)
            }
        }

        // Province-level quality indicators (indicators.md §Data quality) and exit income bunching.
        let qualityIDs = [
            "households_received", "households_rejected", "rejected_household_pct", "cross_province_duplicates",
            "exit_income_bunching_pct",
        ]
        let qualityDefinitions = qualityIDs.map(ReportIndex.definition)
        let provinces = province.map { [$0] } ?? index.provinces(year: year)
        let qualityAreas = (province == nil ? [AreaCode.nation] : []) + provinces
        let provinceQuality = TableModel(
            caption: style.label("Quality indicators by province, \(year) (submissions in force)"),
            headers: [style.header("Area", machine: "area")] + qualityDefinitions.map { style.header($0) },
            rows: qualityAreas.map { code in
                RowModel(
                    cells: [
                        CellModel(style.text(index.label(code)))
                            .linked(code == AreaCode.nation ? style.href("national") : style.href("province-\(code)"))
                    ]
                        + qualityDefinitions.map { style.cell(index.value($0.id, year: year, area: code), $0) },
                    emphasis: code == AreaCode.nation)
            }, emptyText: "No province has data for the year.")
        for code in provinces {
            for definition in qualityDefinitions {
                csvRow(
                    province: code, submission: "", item: definition.id,
                    value: style.value(index.value(definition.id, year: year, area: code), definition))
            }
        }

        // Provinces seen in any year (a submission or indicator rows) with no submission this year.
        var seen = Set(data.submissions.map { String($0.key.province) })
        for row in data.indicators where row.level == .province { seen.insert(row.areaCode) }
        let submitted = Set(data.submissions.filter { $0.key.year == year }.map { String($0.key.province) })
        let missing = seen.subtracting(submitted)
            .filter { province == nil || $0 == province }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for code in missing { csvRow(province: code, submission: "", item: "not_submitted") }

        let scope = province.map { index.label($0) } ?? "all provinces"
        let page = PageModel.build(
            title: "Data quality of the \(year) submissions: \(scope)",
            subtitle: "数据质量 — submissions received, accepted and rejected, rejections by rule, warnings",
            year: year, report: .dataQuality, province: province, index: index, indicators: qualityIDs, style: style,
            extraNotes: [
                "Messages are as recorded by ingest: identity numbers appear masked (first 6 and last 2 characters).",
                "Rules are the stable codes of submissions.md (F file, R record syntax, C county, V village, "
                    + "H household, M member, W warning).",
            ])
        return DataQualityModel(
            page: page,
            overview: TableModel(
                caption: style.label("Submissions for \(year)"),
                headers: [
                    style.header("Submission", machine: "submission"), style.header("Format", machine: "format"),
                    style.header("Outcome", machine: "outcome"),
                    style.header("Households received", machine: "households_received", numeric: true),
                    style.header("Accepted", machine: "households_accepted", numeric: true),
                    style.header("Rejected", machine: "households_rejected", numeric: true),
                    style.header("Rejected %", machine: "rejected_household_pct", numeric: true),
                    style.header("Members accepted", machine: "members_accepted", numeric: true),
                    style.header("Orphan members", machine: "orphan_members", numeric: true),
                    style.header("Warnings", machine: "warnings", numeric: true),
                    style.header("Reason (whole submission)", machine: "reason"),
                ], rows: overviewRows, emptyText: "No submission for this year."),
            submissions: sections, hasSubmissions: !sections.isEmpty, provinceQuality: provinceQuality,
            missingProvinces: missing.map { NoteModel(text: style.text(index.label($0))) },
            hasMissingProvinces: !missing.isEmpty,
            csv: TableModel(
                caption: "",
                headers: [
                    style.header("Province", machine: "province"), style.header("Submission", machine: "submission"),
                    style.header("Item", machine: "item"), style.header("Rule", machine: "rule"),
                    style.header("Value", machine: "value"), style.header("Household", machine: "household_id"),
                    style.header("Location", machine: "location"), style.header("Message", machine: "message"),
                ], rows: csvRows))
    }
}
