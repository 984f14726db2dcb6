import Foundation
import JingzhunReports
import JingzhunTesting
import Testing

/// The reports as a site: every page reachable from `index.html` by links, every link relative
/// and resolving to a file (and, for HTML, to an element id when it has a fragment).
@Suite struct SiteLinkTests {
    /// Every page of the fixture's site (both years, the site pages), keyed by relative path.
    static func site() throws -> [String: [UInt8]] {
        let renderer = ReportRenderer()
        let templates = try Fixture.templates()
        var files: [String: [UInt8]] = [:]
        for year: Int32 in [2019, 2020] {
            for output in try renderer.renderAll(year: year, data: Fixture.data, templates: templates) {
                files[output.relativePath] = output.bytes
            }
        }
        for output in try renderer.renderSite(data: Fixture.data, templates: templates) {
            files[output.relativePath] = output.bytes
        }
        return files
    }

    @Test(arguments: ["html", "md"])
    func everyReportIsReachableFromTheIndexAndEveryLinkResolves(format: String) throws {
        let files = try Self.site()
        let crawl = SiteCrawl(format: format, exists: { files[$0] != nil }, read: { files[$0] })
        #expect(crawl.problems.isEmpty, "\(crawl.problems.prefix(10).joined(separator: "\n"))")
        // Every page of the format is reachable, and so is every other file (CSV) through the indexes.
        let unreachable = files.keys.filter {
            !crawl.reached.contains($0) && ($0.hasSuffix("." + format) || $0.hasSuffix(".csv"))
        }
        #expect(unreachable.isEmpty, "not reachable from index.\(format): \(unreachable.sorted())")
    }

    /// A report links up (indexes), across (the same report in the other year) and down.
    @Test func reportsLinkUpAcrossAndDown() throws {
        let files = try Self.site()
        func page(_ path: String) -> String { String(decoding: files[path] ?? [], as: UTF8.self) }
        let province2019 = SiteCrawl.links(in: page("2019/province-52.html"), markdown: false)
        #expect(province2019.contains("../index.html"))
        #expect(province2019.contains("index.html"))
        #expect(province2019.contains("../2020/province-52.html"), "2019 links across to 2020, a later year")
        #expect(province2019.contains("county-exit-52.html#county-522623"), "a county row links to its exit review")
        let national = SiteCrawl.links(in: page("2020/national.html"), markdown: false)
        #expect(national.contains("province-52.html"))
        #expect(national.contains("../definitions.html#poverty_incidence_pct"))
        // 河北 (13) has no 2020 report: its 2019 page does not link to one.
        #expect(
            !SiteCrawl.links(in: page("2019/province-13.html"), markdown: false).contains("../2020/province-13.html"))
        let exit = SiteCrawl.links(in: page("2020/county-exit-52.html"), markdown: false)
        #expect(exit.contains("province-52.html#area-522623"), "a county-exit row links to the county's figures")
    }

    /// No report cites a document the reader does not have.
    @Test func noCitationOfIndicatorsMd() throws {
        for (path, bytes) in try Self.site() {
            #expect(!String(decoding: bytes, as: UTF8.self).contains("indicators.md"), "\(path) cites indicators.md")
        }
    }
}
