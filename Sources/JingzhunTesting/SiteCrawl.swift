/// A crawl of a rendered report site from its index: every page reached by links, and every link
/// that is not relative, leads out of the site, leads to no file, or (HTML) names an element id
/// the target does not have. Used on a fixture site (ReportsTests) and on a real run's
/// `reports/` folder (EndToEndTests).
public struct SiteCrawl {
    /// Relative paths reached from the start page (the start page included).
    public private(set) var reached: Set<String> = []
    /// One line per broken link: page, link, what is wrong.
    public private(set) var problems: [String] = []

    /// Crawls from `index.<format>` ("html" or "md"). `exists` says whether a relative path is a
    /// file of the site; `read` gives its bytes (nil when it cannot be read). Only pages of
    /// `format` are followed; any file they link to (CSV, XLSX) counts as reached.
    public init(format: String, exists: (String) -> Bool, read: (String) -> [UInt8]?) {
        let start = "index.\(format)"
        guard exists(start) else {
            problems.append("the site has no \(start)")
            return
        }
        reached = [start]
        var queue = [start]
        var idsOf: [String: Set<String>] = [:]
        while let page = queue.popLast() {
            guard let bytes = read(page) else {
                problems.append("\(page): cannot be read")
                continue
            }
            for href in Self.links(in: String(decoding: bytes, as: UTF8.self), markdown: format == "md") {
                if href.contains("://") || href.hasPrefix("/") || href.hasPrefix("data:") {
                    problems.append("\(page): link \(href) is not relative")
                    continue
                }
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard let target = parts[0].isEmpty ? page : Self.resolve(parts[0], from: page) else {
                    problems.append("\(page): link \(href) leads out of the site")
                    continue
                }
                guard exists(target) else {
                    problems.append("\(page): link \(href) leads to \(target), which does not exist")
                    continue
                }
                if parts.count == 2, target.hasSuffix(".html") {
                    if idsOf[target] == nil {
                        idsOf[target] = Self.ids(in: String(decoding: read(target) ?? [], as: UTF8.self))
                    }
                    if idsOf[target]?.contains(parts[1]) != true {
                        problems.append("\(page): link \(href): \(target) has no element with id \(parts[1])")
                    }
                }
                if reached.insert(target).inserted, target.hasSuffix("." + format) { queue.append(target) }
            }
        }
    }

    /// `href="…"` values of an HTML page, and `](…)` targets of a Markdown page.
    public static func links(in text: String, markdown: Bool) -> [String] {
        let opener = markdown ? "](" : "href=\""
        let closer: Character = markdown ? ")" : "\""
        var found: [String] = []
        var rest = Substring(text)
        while let range = rest.firstRange(of: opener) {
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

    /// `id="…"` values of an HTML page.
    public static func ids(in html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = Substring(html)
        while let range = rest.firstRange(of: " id=\"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            ids.insert(String(rest[..<end]))
            rest = rest[end...]
        }
        return ids
    }

    /// `href` resolved against the folder of `page` (`2019/national.html` + `../index.html` →
    /// `index.html`); nil when it climbs out of the site.
    public static func resolve(_ href: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in href.split(separator: "/", omittingEmptySubsequences: false) {
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else if part != "." {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
