import Foundation
import JingzhunCore
import JingzhunTesting
import Testing

/// Issue 19's "done when" on the files a real run writes (`output/reports/` of the sample
/// pipeline), not on a fixture: every report of every year is reachable from `index.html` by
/// links and no link is broken; no enumeration code appears without its label; every workbook
/// opens with openpyxl and pandas with numbers as numbers and the header row frozen.
@Suite(.serialized) struct ReportSiteTests {
    /// The sample pipeline's output folder, run once for the suite.
    static let output: String = {
        let out = Harness.scratch("site")
        _ = try? Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--quiet"])
        return out
    }()

    static var reports: String { output + "/reports" }

    /// Every file under `reports/`, relative to it.
    static func files() -> [String] {
        let root = URL(fileURLWithPath: reports)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { !FilePathTests.isDirectory(reports + "/" + $0) }.sorted()
    }

    @Test(arguments: ["html", "md"])
    func everyReportOfEveryYearIsReachableFromTheIndex(format: String) throws {
        let all = Self.files()
        try #require(all.contains("index.\(format)"), "the run wrote no reports/index.\(format) (\(Self.output))")
        let present = Set(all)
        let crawl = SiteCrawl(
            format: format, exists: { present.contains($0) },
            read: { [UInt8](Harness.read(Self.reports + "/" + $0)) })
        let reached = crawl.reached
        let problems = crawl.problems
        #expect(problems.isEmpty, "\(problems.count) broken links:\n\(problems.prefix(10).joined(separator: "\n"))")
        let pages = all.filter { $0.hasSuffix("." + format) }
        let unreached = pages.filter { !reached.contains($0) }
        #expect(unreached.isEmpty, "not reachable from reports/index.\(format): \(unreached)")
        // Not a vacuous crawl: both years, every report kind of the sample (4 provinces a year).
        for year in ["2018", "2019"] {
            for name in [
                "national", "data-quality", "index", "province-52", "county-exit-52", "province-45", "county-exit-53",
            ] {
                #expect(reached.contains("\(year)/\(name).\(format)"), "\(year)/\(name).\(format) not reached")
            }
        }
        #expect(pages.count >= 2 * 11 + 2, "\(pages.count) \(format) pages")
        // The CSV and workbook of every report are linked too (HTML only: Markdown links Markdown).
        if format == "html" {
            let tables = all.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".xlsx") }
            #expect(
                tables.filter { !reached.contains($0) }.isEmpty,
                "not linked: \(tables.filter { !reached.contains($0) })")
        }
    }

    /// Every code of the enumerations that carry labels (JingzhunCore/CodeLabels.swift).
    static var labelledCodes: [(code: String, label: String)] {
        func codes<T: LabelledCode & CaseIterable>(_: T.Type) -> [(String, String)] {
            T.allCases.map { ($0.code, $0.labelEnglish) }
        }
        return codes(Cause.self) + codes(Category.self) + codes(Measure.self) + codes(HouseholdStatus.self)
            + codes(HousingGrade.self) + codes(Relation.self) + codes(Sex.self) + codes(Education.self)
            + codes(Schooling.self) + codes(Health.self) + codes(Labor.self) + codes(SubmissionOutcome.self)
            + codes(AreaLevel.self)
    }

    /// The text a reader sees, as segments: HTML text between tags (attributes and `<style>` left
    /// out), Markdown table cells and lines with link targets left out.
    static func visibleSegments(_ text: String, markdown: Bool) -> [String] {
        var segments: [String] = []
        if markdown {
            var stripped = ""
            var rest = Substring(text)
            while let range = rest.range(of: "](") {  // keep the link text, drop the target
                stripped += rest[..<range.lowerBound]
                rest = rest[range.upperBound...]
                guard let end = rest.firstIndex(of: ")") else { break }
                rest = rest[rest.index(after: end)...]
            }
            stripped += rest
            for line in stripped.split(separator: "\n") {
                segments += line.split(separator: "|").map { String($0) }
            }
        } else {
            var body = Substring(text)
            if let style = body.range(of: "</style>") { body = body[style.upperBound...] }
            var inTag = false
            var current = ""
            for character in body {
                if character == "<" {
                    inTag = true
                    segments.append(current)
                    current = ""
                } else if character == ">" {
                    inTag = false
                } else if !inTag {
                    current.append(character)
                }
            }
            segments.append(current)
        }
        return segments.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A code shows bare when a segment is the code itself or a list of codes (`nation, county`),
    /// or, for a code of several words (`lack_of_land`, never prose), when it is a whole word of
    /// a segment. Two kinds of text name codes on purpose and are left out: a formula of the
    /// catalogue (set notation, `schooling ∈ {dropout, not_in_school}`) and a rejection message
    /// that lists the codes a submission must use (`… is not one of illness, …`), where the clerk
    /// needs the contract's spelling.
    static func bareCodes(in segment: String, codes: [(code: String, label: String)]) -> [String] {
        if segment.contains("∈") || segment.contains(" is not one of ") { return [] }
        let all = Set(codes.map(\.code))
        let items = segment.components(separatedBy: ", ")
        if items.allSatisfy(all.contains) { return items }
        var found: [String] = []
        let words = Set(segment.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        for (code, _) in codes where code.contains("_") && words.contains(code) { found.append(code) }
        return found
    }

    @Test func noEnumerationCodeAppearsWithoutItsLabel() throws {
        let codes = Self.labelledCodes
        #expect(codes.count > 60 && codes.contains { $0.code == "lack_of_land" })
        // The scan finds a bare code (so a pass means something).
        #expect(Self.bareCodes(in: "lack_of_land", codes: codes) == ["lack_of_land"])
        #expect(Self.bareCodes(in: "Lack of land (缺土地)", codes: codes).isEmpty)
        #expect(Self.bareCodes(in: "nation, province, county", codes: codes) == ["nation", "province", "county"])
        #expect(Self.bareCodes(in: "2 households, mostly lack_of_water", codes: codes) == ["lack_of_water"])
        let pages = Self.files().filter { $0.hasSuffix(".html") || $0.hasSuffix(".md") }
        try #require(pages.count > 40, "\(pages.count) pages in \(Self.reports)")
        var problems: [String] = []
        var labelsSeen = Set<String>()
        for page in pages {
            let text = String(decoding: Harness.read(Self.reports + "/" + page), as: UTF8.self)
            for segment in Self.visibleSegments(text, markdown: page.hasSuffix(".md")) {
                for code in Self.bareCodes(in: segment, codes: codes) {
                    problems.append("\(page): bare code \(code) in «\(segment)»")
                }
            }
            for (_, label) in codes where text.contains(label) { labelsSeen.insert(label) }
        }
        #expect(problems.isEmpty, "\(problems.count) bare codes:\n\(problems.prefix(10).joined(separator: "\n"))")
        // The reports do show labelled codes: causes, categories, measures and outcomes.
        for label in ["Illness", "Lack of land", "General poor household", "Applied", "Rejected whole"] {
            #expect(labelsSeen.contains(label), "no report shows \(label)")
        }
    }

    static let workbookCheck = """
        import json, re, sys, openpyxl, pandas
        numeric_text = re.compile(r"^[-+]?[0-9][0-9,]*(\\.[0-9]+)?%?$")
        out = {"books": 0, "sheets": 0, "numbers": 0, "problems": []}
        for path in sys.argv[1:]:
            book = openpyxl.load_workbook(path)
            out["books"] += 1
            for ws in book.worksheets:
                out["sheets"] += 1
                where = f"{path.rsplit('/', 2)[-2]}/{path.rsplit('/', 1)[-1]}[{ws.title}]"
                if ws.freeze_panes != "A2":
                    out["problems"].append(f"{where}: header row not frozen ({ws.freeze_panes})")
                headers = [c.value for c in ws[1]]
                if not headers or any(not isinstance(h, str) or not h for h in headers):
                    out["problems"].append(f"{where}: header row {headers}")
                numeric_columns = set()
                for row in ws.iter_rows(min_row=2):
                    # Column A is the row's key (area or province code, year): an identifier, text by design.
                    if not isinstance(row[0].value, str):
                        out["problems"].append(f"{where}!{row[0].coordinate}: the row key is not text \
        ({row[0].value!r})")
                    for c in row[1:]:
                        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                            out["numbers"] += 1
                            numeric_columns.add(c.column - 1)
                        elif isinstance(c.value, str) and numeric_text.match(c.value.strip()):
                            out["problems"].append(f"{where}!{c.coordinate}: number stored as text {c.value!r}")
                if ws.max_row < 2:
                    continue
                frame = pandas.read_excel(path, sheet_name=ws.title)
                for column in sorted(numeric_columns):
                    values = [r[column].value for r in ws.iter_rows(min_row=2) if r[column].value is not None]
                    if all(isinstance(v, (int, float)) for v in values) and not \
        pandas.api.types.is_numeric_dtype(frame.dtypes.iloc[column]):
                        out["problems"].append(f"{where}: column {headers[column]!r} is {frame.dtypes.iloc[column]} \
        in pandas")
        print(json.dumps(out))
        import os; sys.stdout.flush(); os._exit(0)
        """

    @Test func everyWorkbookOpensWithOpenpyxlAndPandasWithNumbersAsNumbers() throws {
        if let reason = try SQLTests.skipReason("openpyxl, pandas") {
            print("ReportSiteTests.everyWorkbookOpensWithOpenpyxlAndPandasWithNumbersAsNumbers skipped: \(reason)")
            return
        }
        let books = Self.files().filter { $0.hasSuffix(".xlsx") }.map { Self.reports + "/" + $0 }
        try #require(books.count >= 2 * 10, "\(books.count) workbooks in \(Self.reports)")
        let check = try SQLTests.py(["-c", Self.workbookCheck] + books)
        try #require(check.status == 0, "python: \(check.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(result["books"] as? Int == books.count)
        #expect((result["sheets"] as? Int ?? 0) > books.count * 2)
        #expect((result["numbers"] as? Int ?? 0) > 1_000, "few numeric cells: \(result["numbers"] ?? 0)")
        let problems = result["problems"] as? [String] ?? ["no result"]
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(10).joined(separator: "\n"))")
    }
}

/// Whether a path is a folder (FileManager's out-parameter form, wrapped).
enum FilePathTests {
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
