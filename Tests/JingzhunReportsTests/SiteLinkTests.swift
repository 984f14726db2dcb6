import Foundation
import JingzhunReports
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

    /// `href="…"` values of an HTML page, and `](…)` targets of a Markdown page.
    static func links(in text: String, markdown: Bool) -> [String] {
        let opener = markdown ? "](" : "href=\""
        let closer: Character = markdown ? ")" : "\""
        var found: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: opener) {
            // `\](` is an escaped bracket in Markdown text, not a link.
            let escaped =
                markdown && range.lowerBound > rest.startIndex && rest[rest.index(before: range.lowerBound)] == "\\"
            rest = rest[range.upperBound...]
            if escaped { continue }
            guard let end = rest.firstIndex(of: closer) else { break }
            found.append(String(rest[..<end]))
            rest = rest[end...]
        }
        return found
    }

    static func ids(in html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = Substring(html)
        while let range = rest.range(of: " id=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            ids.insert(String(rest[..<end]))
            rest = rest[end...]
        }
        return ids
    }

    /// Resolves `href` relative to the folder of `page` (`2020/national.html` + `../index.html`).
    static func resolve(_ href: String, from page: String) -> String {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in href.split(separator: "/") {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if part != "." {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    @Test(arguments: ["html", "md"])
    func everyReportIsReachableFromTheIndexAndEveryLinkResolves(format: String) throws {
        let files = try Self.site()
        let start = "index.\(format)"
        #expect(files[start] != nil, "the site has no \(start)")
        var reached: Set<String> = [start]
        var queue = [start]
        var problems: [String] = []
        while let page = queue.popLast() {
            guard let bytes = files[page], page.hasSuffix("." + format) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            for href in Self.links(in: text, markdown: format == "md") {
                if href.contains("://") || href.hasPrefix("/") || href.hasPrefix("//") {
                    problems.append("\(page): link \(href) is not relative")
                    continue
                }
                let parts = href.split(separator: "#", maxSplits: 1).map(String.init)
                let target = parts[0].isEmpty ? page : Self.resolve(parts[0], from: page)
                guard let targetBytes = files[target] else {
                    problems.append("\(page): link \(href) leads to \(target), which does not exist")
                    continue
                }
                if parts.count == 2, format == "html",
                    !Self.ids(in: String(decoding: targetBytes, as: UTF8.self)).contains(parts[1])
                {
                    problems.append("\(page): link \(href): \(target) has no element with id \(parts[1])")
                }
                if reached.insert(target).inserted { queue.append(target) }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        // Every page of the format is reachable, and so is every other file (CSV) through the indexes.
        let unreachable = files.keys.filter {
            !reached.contains($0) && ($0.hasSuffix("." + format) || $0.hasSuffix(".csv"))
        }
        #expect(unreachable.isEmpty, "not reachable from \(start): \(unreachable.sorted())")
    }

    /// A report links up (indexes), across (the same report in the other year) and down.
    @Test func reportsLinkUpAcrossAndDown() throws {
        let files = try Self.site()
        func page(_ path: String) -> String { String(decoding: files[path] ?? [], as: UTF8.self) }
        let province2019 = Self.links(in: page("2019/province-52.html"), markdown: false)
        #expect(province2019.contains("../index.html"))
        #expect(province2019.contains("index.html"))
        #expect(province2019.contains("../2020/province-52.html"), "2019 links across to 2020, a later year")
        #expect(province2019.contains("county-exit-52.html#county-522623"), "a county row links to its exit review")
        let national = Self.links(in: page("2020/national.html"), markdown: false)
        #expect(national.contains("province-52.html"))
        #expect(national.contains("../definitions.html#poverty_incidence_pct"))
        // 河北 (13) has no 2020 report: its 2019 page does not link to one.
        #expect(!Self.links(in: page("2019/province-13.html"), markdown: false).contains("../2020/province-13.html"))
        let exit = Self.links(in: page("2020/county-exit-52.html"), markdown: false)
        #expect(exit.contains("province-52.html#area-522623"), "a county-exit row links to the county's figures")
    }

    /// No report cites a document the reader does not have.
    @Test func noCitationOfIndicatorsMd() throws {
        for (path, bytes) in try Self.site() {
            #expect(!String(decoding: bytes, as: UTF8.self).contains("indicators.md"), "\(path) cites indicators.md")
        }
    }
}
