import Foundation
import JingzhunReports
import Testing

/// Unknown names, years and areas fail with a message that lists what exists.
@Suite struct ErrorTests {
    func renderError(
        _ report: ReportName, year: Int32, area: String?, templates: TemplateLibrary? = nil
    ) throws -> ReportError? {
        let library = try templates ?? Fixture.templates()
        do throws(ReportError) {
            _ = try ReportRenderer().render(
                report: report, year: year, area: area, format: .html, data: Fixture.data, templates: library)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownReportName() {
        #expect(throws: ReportError.self) { try ReportName(validating: "nationa") }
        do {
            _ = try ReportName(validating: "nationa")
        } catch {
            #expect(error.code == .unknownReport)
            #expect(
                error.message
                    == "unknown report 'nationa'; the reports are: national, province, county-exit, data-quality")
        }
        #expect((try? ReportName(validating: "county-exit")) == .countyExit)
    }

    @Test func unknownFormat() {
        do {
            _ = try ReportFormat(validating: "pdf")
            Issue.record("pdf accepted")
        } catch {
            #expect(error.code == .unknownFormat)
            #expect(error.message == "unknown report format 'pdf'; the formats are: html, md, csv")
        }
    }

    @Test func unknownYear() throws {
        let error = try #require(try renderError(.national, year: 2018, area: nil))
        #expect(error.code == .unknownYear)
        #expect(error.message == "no data for year 2018; years in the store: 2019, 2020")
    }

    @Test func unknownArea() throws {
        let error = try #require(try renderError(.province, year: 2020, area: "99"))
        #expect(error.code == .unknownArea)
        #expect(
            error.message
                == "no province '99' in 2020; give a 2-digit province code. "
                + "Provinces in 2020: 42 湖北省, 52 贵州省")
        // 河北 has data in 2019 only.
        let hebei = try #require(try renderError(.countyExit, year: 2020, area: "13"))
        #expect(hebei.code == .unknownArea)
        #expect(try renderError(.countyExit, year: 2019, area: "13") == nil)
    }

    @Test func missingArea() throws {
        let error = try #require(try renderError(.countyExit, year: 2020, area: nil))
        #expect(error.code == .unknownArea)
        #expect(
            error.message
                == "the county-exit report needs --area with a province code; "
                + "provinces in 2020: 42 湖北省, 52 贵州省")
        #expect(try renderError(.dataQuality, year: 2020, area: nil) == nil)
    }

    @Test func nationalTakesNoArea() throws {
        #expect(try renderError(.national, year: 2020, area: "52")?.code == .unknownArea)
        #expect(try renderError(.national, year: 2020, area: "CN") == nil)
    }

    @Test func missingTemplateListsWhatExists() throws {
        let templates = try TemplateLibrary(templates: ["table.html": "x", "header.html": "y"])
        let error = try #require(try renderError(.national, year: 2020, area: nil, templates: templates))
        #expect(error.code == .templateMissing)
        #expect(
            error.message
                == "no template 'national.html' (file national.html.mustache) in (in memory); "
                + "templates present: header.html, table.html")
    }

    @Test func invalidTemplate() {
        do {
            _ = try TemplateLibrary(templates: ["bad.html": "line one\n{{#open}} never closed"])
            Issue.record("a template with an unclosed section was accepted")
        } catch {
            #expect(error.code == .templateInvalid)
            #expect(error.message.hasPrefix("template 'bad.html' does not parse"))
        }
    }

    @Test func unreadableDirectory() {
        do {
            _ = try TemplateLibrary(directory: "/nonexistent/jingzhun-templates")
            Issue.record("a missing directory was accepted")
        } catch {
            #expect(error.code == .templateDirectoryUnreadable)
            #expect(error.path == "/nonexistent/jingzhun-templates")
        }
    }

    /// An analyst copies the templates, edits one and points the pipeline at the copy.
    @Test func editedTemplateDirectory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jingzhun-templates-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(atPath: Fixture.templateDirectory, toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("national.md.mustache")
        let original = try String(contentsOf: file, encoding: .utf8)
        try Data(("Prepared for the provincial office.\n\n" + original).utf8).write(to: file)
        let bytes = try ReportRenderer().render(
            report: .national, year: 2020, area: nil, format: .md, data: Fixture.data,
            templates: TemplateLibrary(directory: folder.path))
        #expect(
            String(decoding: bytes, as: UTF8.self).hasPrefix(
                "Prepared for the provincial office.\n\n[All years](../index.md)"))
    }

    /// Every report has its three templates in the committed directory.
    @Test func committedTemplatesAreComplete() throws {
        let names = try Fixture.templates().names
        for report in ReportName.allCases {
            for format in ReportFormat.allCases { #expect(names.contains("\(report.rawValue).\(format.rawValue)")) }
        }
        for partial in ["header", "footer", "table", "chart"] {
            #expect(names.contains("\(partial).html") && names.contains("\(partial).md"))
        }
    }
}
