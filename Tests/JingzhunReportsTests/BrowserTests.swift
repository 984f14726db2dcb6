import Foundation
import JingzhunReports
import JingzhunTesting
import Testing

/// The site in a real browser: headless Chromium (Debian's `chromium`) loads every HTML page of
/// the fixture's site from disk; each page must load without a console message (a CSP violation,
/// a missing resource), and every link, resolved by URL rules, must lead to an existing file (and
/// to an element of the page Chromium parsed when it has a fragment). Skipped, with the reason
/// printed, when Chromium is not installed (`apt-get install chromium`).
@Suite struct BrowserTests {
    static var chromium: String? {
        if let path = ProcessInfo.processInfo.environment["JINGZHUN_CHROMIUM"] { return path }
        return ExternalTool.find(["chromium", "chromium-browser", "google-chrome", "headless_shell"])
    }

    static func dumpDOM(_ url: URL, chromium: String, profile: String) throws -> ExternalTool.Output {
        try ExternalTool.run([
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--dump-dom", url.absoluteString,
        ])
    }

    @Test func everyPageLoadsCleanlyAndEveryLinkResolves() throws {
        guard let chromium = Self.chromium else {
            print("BrowserTests skipped: no chromium on PATH (apt-get install chromium, or set JINGZHUN_CHROMIUM)")
            return
        }
        let root = ExternalTool.temporaryDirectory("site")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, bytes) in try SiteLinkTests.site() {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let profile = root + "/.profile"
        let pages = try SiteLinkTests.site().keys.filter { $0.hasSuffix(".html") }.sorted()
        var doms: [String: String] = [:]
        var problems: [String] = []
        for page in pages {
            let url = URL(fileURLWithPath: root + "/" + page)
            let output = try Self.dumpDOM(url, chromium: chromium, profile: profile)
            guard output.status == 0, output.stdout.contains("</html>") else {
                problems.append("\(page): chromium exited \(output.status): \(output.stderr.suffix(400))")
                continue
            }
            doms[page] = output.stdout
            for line in output.stderr.split(separator: "\n")
            where line.contains("CONSOLE") || line.contains("Refused to") {
                problems.append("\(page): console: \(line)")
            }
        }
        for (page, dom) in doms {
            let base = URL(fileURLWithPath: root + "/" + page)
            for href in SiteCrawl.links(in: dom, markdown: false) {
                guard let target = URL(string: href, relativeTo: base)?.absoluteURL, target.isFileURL else {
                    problems.append("\(page): link \(href) does not resolve to a file URL")
                    continue
                }
                guard FileManager.default.fileExists(atPath: target.path) else {
                    problems.append("\(page): link \(href) leads to \(target.path), which does not exist")
                    continue
                }
                if let fragment = target.fragment, !fragment.isEmpty {
                    let relative = String(target.path.dropFirst(root.count + 1))
                    let ids = SiteCrawl.ids(in: doms[relative] ?? "")
                    if !ids.contains(fragment) {
                        problems.append("\(page): link \(href): no element with id \(fragment)")
                    }
                }
            }
        }
        #expect(doms.count == pages.count)
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
    }
}
