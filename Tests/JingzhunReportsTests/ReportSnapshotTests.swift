import Foundation
import JingzhunReports
import JingzhunTesting
import Testing

/// Golden files for every report in every format, from the hand-built fixture.
@Suite struct ReportSnapshotTests {
    static let expectedPaths = [
        "2020/national.html", "2020/national.md", "2020/national.csv",
        "2020/province-42.html", "2020/province-42.md", "2020/province-42.csv",
        "2020/province-52.html", "2020/province-52.md", "2020/province-52.csv",
        "2020/county-exit-42.html", "2020/county-exit-42.md", "2020/county-exit-42.csv",
        "2020/county-exit-52.html", "2020/county-exit-52.md", "2020/county-exit-52.csv",
        "2020/data-quality.html", "2020/data-quality.md", "2020/data-quality.csv",
        "2020/index.html", "2020/index.md",
    ]

    @Test func renderAllLayoutAndSnapshots() throws {
        let outputs = try ReportRenderer().renderAll(year: 2020, data: Fixture.data, templates: Fixture.templates())
        #expect(outputs.map(\.relativePath).filter { !$0.hasSuffix(".xlsx") } == Self.expectedPaths)
        for output in outputs where !output.relativePath.hasSuffix(".xlsx") {
            assertSnapshot(
                String(decoding: output.bytes, as: UTF8.self),
                named: output.relativePath.replacingOccurrences(of: "/", with: "-"))
            // Optional: set JINGZHUN_REPORTS_OUT to look at the reports in a browser.
            if let folder = ProcessInfo.processInfo.environment["JINGZHUN_REPORTS_OUT"] {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(output.relativePath)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(output.bytes).write(to: url)
            }
        }
    }

    /// A province-scoped data-quality report and the 2019 national report (河北 present).
    @Test func singleReports() throws {
        let renderer = ReportRenderer()
        let templates = try Fixture.templates()
        let quality = try renderer.render(
            report: .dataQuality, year: 2020, area: "42", format: .md, data: Fixture.data, templates: templates)
        assertSnapshot(String(decoding: quality, as: UTF8.self), named: "single-data-quality-42-2020.md")
        let national2019 = try renderer.render(
            report: .national, year: 2019, area: nil, format: .csv, data: Fixture.data, templates: templates)
        assertSnapshot(String(decoding: national2019, as: UTF8.self), named: "single-national-2019.csv")
    }

    @Test func csvUsesCRLFLineEnds() throws {
        let bytes = try ReportRenderer().render(
            report: .countyExit, year: 2020, area: "52", format: .csv, data: Fixture.data,
            templates: Fixture.templates())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.starts(with: ReportRenderer.byteOrderMark), "CSV reports start with a UTF-8 BOM by default")
        #expect(
            text.hasPrefix("\u{FEFF}county_code,county_name,indicator,value,comparator,threshold,margin_pp,verdict\r\n")
        )
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.hasSuffix("\r\n"))
    }

    /// `csv_bom: false` leaves the BOM out and changes nothing else.
    @Test func csvByteOrderMarkIsASetting() throws {
        let with = try ReportRenderer().render(
            report: .national, year: 2020, area: nil, format: .csv, data: Fixture.data, templates: Fixture.templates())
        let without = try ReportRenderer(options: ReportOptions(csvByteOrderMark: false)).render(
            report: .national, year: 2020, area: nil, format: .csv, data: Fixture.data, templates: Fixture.templates())
        #expect(Array(with.dropFirst(3)) == without)
        #expect(!without.starts(with: ReportRenderer.byteOrderMark))
    }

    /// `--lang zh` puts the Chinese label first, `en` the English one; no cause code appears bare.
    @Test func languageChoosesWhichLabelComesFirst() throws {
        func national(_ language: ReportLanguage) throws -> String {
            let bytes = try ReportRenderer(options: ReportOptions(language: language)).render(
                report: .national, year: 2020, area: nil, format: .html, data: Fixture.data,
                templates: Fixture.templates())
            return String(decoding: bytes, as: UTF8.self)
        }
        let zh = try national(.zh)
        let en = try national(.en)
        #expect(zh.contains("\">缺土地 (Lack of land)</td>"))
        #expect(en.contains("\">Lack of land (缺土地)</td>"))
        #expect(zh.contains("贫困发生率<br><span class=\"alt\">Poverty incidence</span>"))
        #expect(en.contains("Poverty incidence<br><span class=\"alt\">贫困发生率</span>"))
        for report in [zh, en] { #expect(!report.contains(">lack_of_land<")) }
    }

    /// Same data, in any input order → byte-identical output; rendering twice → identical.
    @Test func deterministic() throws {
        let templates = try Fixture.templates()
        let data = Fixture.data
        var shuffled = data
        shuffled.indicators.reverse()
        shuffled.breakdowns.reverse()
        shuffled.submissions.reverse()
        shuffled.findings.reverse()
        shuffled.years.reverse()
        let first = try ReportRenderer().renderAll(year: 2020, data: data, templates: templates)
        let second = try ReportRenderer().renderAll(year: 2020, data: data, templates: templates)
        let third = try ReportRenderer().renderAll(year: 2020, data: shuffled, templates: templates)
        #expect(first.map(\.relativePath) == third.map(\.relativePath))
        for (a, (b, c)) in zip(first, zip(second, third)) {
            #expect(a.bytes == b.bytes, "\(a.relativePath) differs between two renders")
            #expect(a.bytes == c.bytes, "\(a.relativePath) depends on the order of the input arrays")
        }
    }

    /// runs-and-store.md: self-contained HTML (no script, no network), no generation time.
    @Test func htmlIsSelfContained() throws {
        let outputs = try ReportRenderer().renderAll(year: 2020, data: Fixture.data, templates: Fixture.templates())
        for output in outputs where output.relativePath.hasSuffix(".html") {
            let html = String(decoding: output.bytes, as: UTF8.self)
            #expect(!html.lowercased().contains("<script"), "\(output.relativePath)")
            #expect(!html.contains("src=\""), "\(output.relativePath) loads a resource")
            // Links stay inside the site: relative, no scheme (SiteLinkTests checks they resolve).
            #expect(!html.contains("href=\"/"), "\(output.relativePath) links to an absolute path")
            #expect(!html.contains("href=\"http"), "\(output.relativePath) links out")
            #expect(!html.contains("url("), "\(output.relativePath) loads a resource from CSS")
            #expect(!html.contains("2026"), "\(output.relativePath) holds a date")
        }
    }
}
