import JingzhunCore
import Testing

@testable import JingzhunSynth

/// One line of a truth file.
struct TruthLine {
    var submission: String
    var file: String
    var line: Int
    var householdID: String
    var rule: String
    var field: String?
    var defect: String

    /// Reads the generator's fixed-order JSON objects (a strict reader of exactly that shape).
    static func parse(_ text: Substring) -> TruthLine? {
        func string(_ key: String) -> String? {
            guard let start = text.firstRange(of: "\"\(key)\":\"") else { return nil }
            return String(text[start.upperBound...].prefix(while: { $0 != "\"" }))
        }
        guard let lineStart = text.firstRange(of: "\"line\":") else { return nil }
        let lineNumber = Int(text[lineStart.upperBound...].prefix(while: \.isNumber))
        guard let submission = string("submission"), let file = string("file"), let lineNumber,
            let householdID = string("household_id"), let rule = string("rule"), let defect = string("defect")
        else { return nil }
        return TruthLine(
            submission: submission, file: file, line: lineNumber, householdID: householdID, rule: rule,
            field: string("field"), defect: defect)
    }
}

@Suite(.enabled(if: TestReference.isAvailable, "needs pipelines/reference"))
struct DefectTests {
    /// Every truth line points at a household the independent checker rejects for that rule,
    /// every rejected household has a truth line, and the cycle covers every defect kind.
    @Test(arguments: [SynthOptions.Format.xml, .csv])
    func truthMatchesWhatTheRulesFind(format: SynthOptions.Format) throws {
        let run = try generate(provinces: [45, 52], years: [2019], households: 700, format: format, defectRate: 0.1)
        defer { removeTree(run.directory) }
        let truthDirectory = try #require(run.summary.truthDirectory)
        #expect(truthDirectory == run.directory + "/truth")
        var kinds = Set<String>()
        for submission in run.summary.submissions {
            let truthFile = try #require(submission.truthFile)
            #expect(truthFile.name == "\(submission.key.id).truth.jsonl")
            let text = try #require(readText(truthDirectory + "/" + truthFile.name))
            let truth = try text.split(separator: "\n").map {
                try #require(TruthLine.parse($0), "bad truth line \($0)")
            }
            #expect(truth.count == submission.defects)
            #expect(truth.count > 40, "about 10 % of ~560 households")

            let parsed = try #require(ParsedSubmission.read(directory: run.directory, prefix: submission.key.id))
            let checker = ContractChecker(province: submission.key.province, year: 2019, isCSV: format == .csv)
            let (problems, orphans) = checker.check(parsed)

            // Locate each truth line's household by file and line (household row or member row).
            var pointedAt = Set<Int>()
            var orphanLines = Set<Int>()
            for entry in truth {
                #expect(entry.submission == submission.key.id)
                kinds.insert(entry.defect)
                if entry.rule == RuleCode.orphanMember.rawValue {
                    #expect(
                        orphans.contains {
                            $0.file == entry.file && $0.line == entry.line && $0["household_id"] == entry.householdID
                        })
                    orphanLines.insert(entry.line)
                    continue
                }
                let index = parsed.households.firstIndex { h in
                    (h.record.file == entry.file && h.record.line == entry.line)
                        || h.members.contains { $0.file == entry.file && $0.line == entry.line }
                }
                let found = try #require(index, "truth line \(entry.file):\(entry.line) points at no household")
                #expect(
                    parsed.households[found].id == entry.householdID
                        || entry.rule == RuleCode.identityDuplicate.rawValue)
                let rules = problems[found]?.map(\.rawValue) ?? []
                #expect(
                    rules.contains(entry.rule), "\(entry.defect): checker found \(rules) at \(entry.file):\(entry.line)"
                )
                pointedAt.insert(found)
            }
            let withoutTruth = Set(problems.keys).subtracting(pointedAt).map { parsed.households[$0].id }
            #expect(
                Set(problems.keys) == pointedAt,
                "rejected households without truth: \(withoutTruth)"
            )
            #expect(orphans.count == orphanLines.count)
            #expect(submission.expectedRejectedHouseholds == pointedAt.count)
        }
        let applicable = Set(DefectKind.cycle(csv: format == .csv).map(\.rawValue))
        #expect(kinds == applicable, "missing kinds: \(applicable.subtracting(kinds))")
    }

    /// At a small rate the rejected share stays well under the 5 % threshold.
    @Test func smallRateStaysUnderTheRejectionThreshold() throws {
        let run = try generate(provinces: [62], years: [2018], households: 2000, format: .csv, defectRate: 0.01)
        defer { removeTree(run.directory) }
        let submission = try #require(run.summary.submissions.first)
        let share = 100 * Double(submission.expectedRejectedHouseholds) / Double(submission.households)
        #expect(submission.defects > 0)
        #expect(share > 0.2 && share < 3, "rejected share \(share) %")
    }

    @Test func noDefectsMeansNoTruthFolder() throws {
        let run = try generate(provinces: [62], years: [2018], households: 50, format: .xml)
        defer { removeTree(run.directory) }
        #expect(run.summary.truthDirectory == nil)
        #expect(!fileExists(run.directory + "/truth"))
    }
}
