import Foundation
import Testing

@testable import JingzhunReports

/// issue 13: a template that includes itself is refused when loaded (it recursed until a segfault).
@Suite struct TemplateRecursionTests {
    func loadError(_ templates: [String: String]) -> ReportError? {
        do throws(ReportError) {
            _ = try TemplateLibrary(templates: templates)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTemplateIncludingItselfIsRefusedByName() {
        let error = loadError(["national.html": "<p>{{> national.html}}</p>"])
        #expect(error?.code == .templateInvalid)
        #expect(
            error?.message.contains("template 'national.html' includes itself") == true, "\(String(describing: error))")
    }

    @Test func aLoopThroughOtherTemplatesIsRefused() {
        let error = loadError([
            "national.html": "{{> table.html}}", "table.html": "{{#rows}}{{> chart.html }}{{/rows}}",
            "chart.html": "{{=<% %>=}}<%> table.html%>",
        ])
        #expect(error?.code == .templateInvalid)
        // Templates are checked in name order: the loop is reported from chart.html, the first in it.
        #expect(
            error?.message.contains("template 'chart.html' includes itself (chart.html → table.html → chart.html)")
                == true,
            "\(String(describing: error))")
    }

    @Test func aChainDeeperThanTheBoundIsRefusedAndShallowOnesLoad() {
        var deep: [String: String] = [:]
        for level in 0...TemplatePartials.maxDepth { deep["t\(level).html"] = "{{> t\(level + 1).html}}" }
        deep["t\(TemplatePartials.maxDepth + 1).html"] = "end"
        #expect(loadError(deep)?.message.contains("more than \(TemplatePartials.maxDepth) deep") == true)
        #expect(
            loadError(["a.html": "{{> b.html}}{{> b.html}}", "b.html": "{{{x}}} {{! > not a partial }}{{> missing}}"])
                == nil)
    }

    @Test func theShippedTemplatesLoadAndCoverEveryReport() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates").path
        let library = try TemplateLibrary(directory: folder)
        try library.checkEveryReportPresent()
        let partial = try TemplateLibrary(templates: ["national.html": "x"])
        #expect(throws: ReportError.self) { try partial.checkEveryReportPresent() }
    }
}
