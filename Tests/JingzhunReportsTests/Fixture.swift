import Foundation
import JingzhunCore
import JingzhunReports

/// A small hand-built store: two years; 贵州 (52, western, threshold 3%) and 湖北 (42, 2%) in both;
/// 河北 (13) only in 2019, so it shows as "not submitted" in 2020. Submitted text is hostile on
/// purpose (HTML, Markdown and spreadsheet-formula syntax).
enum Fixture {
    static let hostileHousehold = "=HYPERLINK(\"http://x\",\"y\")"
    static let hostileMessage = "village name '<script>alert(1)</script> | *村* _x_ [a](b)' is not valid, cost -5"
    static let hostileFile = "52-2020-r1,<b>.xml"

    static let areaNames: [String: String] = [
        "13": "河北省", "42": "湖北省", "52": "贵州省", "1307": "张家口市", "4211": "黄冈市",
        "5226": "黔东南苗族侗族自治州", "130722": "张北县", "421124": "英山县", "522623": "施秉县",
        "522624": "三穗县",
    ]

    /// Indicator values per (year, area): only the ids the reports print; the rest stay absent (null).
    static func values(year: Int32) -> [(AreaLevel, String, [String: Double?])] {
        let y = year == 2020
        // 2019 had 1.6 times the poor population of 2020, so the trend chart has a slope.
        let poorFactor = y ? 1.0 : 1.6
        let national: Double? = y ? 6.9 : 9.6
        func area(
            _ registered: Double, poor: Double, rural: Double, exited: Double, growth: Double?, guarantees: Double
        )
            -> [String: Double?]
        {
            [
                "registered_households": (registered / 3.5).rounded(), "registered_population": registered,
                "poor_population": (poor * poorFactor).rounded(), "rural_population": rural,
                "poverty_incidence_pct": 100 * (poor * poorFactor).rounded() / rural,
                "exited_households": (exited / 3).rounded(), "exited_population": exited, "returned_population": 4,
                "guarantees_met_pct": guarantees, "education_guarantee_pct": 99.1, "medical_insured_pct": 97.25,
                "housing_safe_pct": guarantees + 1.5, "food_clothing_pct": 100, "safe_water_pct": 93.04,
                "rural_income_growth_pct": growth, "national_rural_income_growth_pct": national,
                "income_growth_gap_pp": growth.flatMap { g in national.map { g - $0 } },
                "wrongful_exit_pct": exited == 0 ? nil : 1.5, "exit_income_bunching_pct": exited == 0 ? nil : 12.5,
                "cross_province_duplicates": 2, "households_received": 1200, "households_rejected": 22,
                "rejected_household_pct": 100 * 22.0 / 1200,
            ]
        }
        var rows: [(AreaLevel, String, [String: Double?])] = [
            (.nation, "CN", area(30_000, poor: 1500, rural: 60_000, exited: 900, growth: 8.1, guarantees: 91.2)),
            (
                .province, "52",
                area(20_000, poor: 1100, rural: 40_000, exited: 600, growth: y ? 9.8 : 10.4, guarantees: 90.5)
            ),
            (.prefecture, "5226", area(20_000, poor: 1100, rural: 40_000, exited: 600, growth: 9.8, guarantees: 90.5)),
            (.county, "522623", area(12_000, poor: 300, rural: 15_000, exited: 400, growth: 11.2, guarantees: 95.0)),
            (.county, "522624", area(8_000, poor: 800, rural: 25_000, exited: 200, growth: 5.4, guarantees: 84.0)),
            (
                .province, "42",
                area(10_000, poor: 400, rural: 20_000, exited: 300, growth: y ? 5.5 : 6.0, guarantees: 93.0)
            ),
            (.prefecture, "4211", area(10_000, poor: 400, rural: 20_000, exited: 300, growth: 5.5, guarantees: 93.0)),
            (.county, "421124", area(10_000, poor: 400, rural: 20_000, exited: 0, growth: nil, guarantees: 93.0)),
        ]
        if !y {
            rows.append(
                (.province, "13", area(5_000, poor: 700, rural: 10_000, exited: 50, growth: 7.0, guarantees: 80.0)))
            rows.append(
                (.prefecture, "1307", area(5_000, poor: 700, rural: 10_000, exited: 50, growth: 7.0, guarantees: 80.0)))
            rows.append(
                (.county, "130722", area(5_000, poor: 700, rural: 10_000, exited: 50, growth: 7.0, guarantees: 80.0)))
        }
        return rows
    }

    static var data: ReportData {
        var indicators: [IndicatorRow] = []
        for year: Int32 in [2019, 2020] {
            for (level, code, values) in values(year: year) {
                for id in values.keys.sorted() {
                    indicators.append(
                        IndicatorRow(year: year, level: level, areaCode: code, indicator: id, value: values[id] ?? nil))
                }
                if level == .county {
                    let eligible: Double = code == "522624" ? 0 : 1
                    indicators.append(
                        IndicatorRow(
                            year: year, level: .county, areaCode: code, indicator: "county_exit_eligible",
                            value: eligible))
                    indicators.append(
                        IndicatorRow(
                            year: year, level: .county, areaCode: code, indicator: "exit_threshold_pct",
                            value: code.hasPrefix("52") ? 3 : 2))
                }
            }
        }
        var breakdowns: [BreakdownRow] = []
        for (offset, cause) in Cause.allCases.enumerated() {
            breakdowns.append(
                BreakdownRow(
                    year: 2020, level: .nation, areaCode: "CN", dimension: "cause", member: cause.rawValue,
                    households: Int64(10 * offset), population: Int64(33 * offset)))
        }
        let k52 = SubmissionKey(province: 52, year: 2020, revision: 1)
        let k42a = SubmissionKey(province: 42, year: 2020, revision: 1)
        let k42b = SubmissionKey(province: 42, year: 2020, revision: 2)
        let k13 = SubmissionKey(province: 13, year: 2019, revision: 1)
        let submissions = [
            SubmissionSummary(
                key: k52, format: .xml, files: [hostileFile], outcome: .applied, inForce: true,
                householdsReceived: 1200,
                householdsRejected: 22, membersAccepted: 4100, orphanMembers: 1, warnings: 2),
            SubmissionSummary(
                key: k42b, format: .csvGzip, files: ["42-2020-r2/households.csv.gz", "42-2020-r2/members.csv.gz"],
                outcome: .rejected, inForce: false, reasonRule: .csvColumnMissing,
                reasonMessage: "column 'income-wage' missing from households.csv"),
            SubmissionSummary(
                key: k42a, format: .xmlGzip, files: ["42-2020-r1.xml.gz"], outcome: .applied, inForce: true,
                householdsReceived: 2900, householdsRejected: 0, membersAccepted: 10_000),
            SubmissionSummary(
                key: k13, format: .xml, files: ["13-2019-r1.xml"], outcome: .applied, inForce: true,
                householdsReceived: 1500,
                householdsRejected: 3, membersAccepted: 5000),
        ]
        var findings: [SubmissionFinding] = []
        for line in 0..<22 {
            let rule: RuleCode =
                line % 3 == 0 ? .identityCheckCharacter : line % 3 == 1 ? .headCount : .householdFieldInvalid
            findings.append(
                SubmissionFinding(
                    submission: k52, rule: rule, location: SourceLocation(file: hostileFile, line: 100 + 7 * line),
                    householdID: line == 0 ? hostileHousehold : "52262300\(100 + line)",
                    message: line == 0 ? hostileMessage : "identity number 522623********12 fails rule \(rule.rawValue)"
                ))
        }
        findings += [
            SubmissionFinding(
                submission: k52, rule: .crossProvinceDuplicate, location: SourceLocation(file: hostileFile, line: 80),
                message: "identity 522623********12 also registered in province 42"),
            SubmissionFinding(
                submission: k52, rule: .unknownXMLNode,
                location: SourceLocation(file: hostileFile, line: 12, column: 5),
                message: "unknown element <extra|x> ignored"),
        ]
        var data = ReportData(
            indicators: indicators, breakdowns: breakdowns, submissions: submissions, findings: findings,
            areaNames: areaNames, years: [2019, 2020])
        // Household dynamics of province 52, 2019 → 2020 (province 42 has none: its section says so).
        for (fromIndex, from) in TransitionState.fromStates.enumerated() {
            for (toIndex, to) in TransitionState.toStates.enumerated() where !(from == .new && to == .gone) {
                let households = Int64(fromIndex == toIndex ? 100 * (fromIndex + 1) : fromIndex + toIndex)
                data.transitions.append(
                    TransitionRow(
                        year: 2020, level: .province, areaCode: "52", from: from, to: to, households: households,
                        populationFrom: from == .new ? nil : 3 * households,
                        populationTo: to == .gone ? nil : 3 * households + 1))
            }
        }
        data.dataVersion = "0123456789ab"  // what ReportDataBuilder.dataVersion computes in a run
        return data
    }

    /// The committed templates at the repository root.
    static var templateDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("templates").path
    }

    static func templates() throws -> TemplateLibrary { try TemplateLibrary(directory: templateDirectory) }
}
