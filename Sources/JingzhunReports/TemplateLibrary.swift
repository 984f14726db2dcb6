import Foundation
import JingzhunIO
internal import Mustache

/// The Mustache templates of the reports, loaded from a directory.
///
/// Templates reach the program at run time from a directory the caller names (the pipeline
/// file's `templates` setting, resolved against the pipeline file; `templates/` in the current
/// directory by default), never compiled in: an analyst copies the directory, edits a template
/// and points the pipeline at the copy.
///
/// Layout: every `NAME.FORMAT.mustache` file of the directory (not its subdirectories) is
/// registered as the template or partial `NAME.FORMAT` — `national.html`, `table.md`,
/// `header.html`. A report needs `REPORT.FORMAT` (e.g. `county-exit.csv`) and whatever partials
/// that template includes.
///
/// Escaping: `.html` templates escape `{{value}}` for HTML (Mustache's default escaping, through
/// `HTMLEscapingContentType`, which gives the same text faster). `.md` and `.csv` templates are
/// registered with the `TEXT` content type prepended, because their view models hold text
/// already escaped for Markdown or CSV (`TextEscaping`); HTML escaping would corrupt it.
public struct TemplateLibrary: Sendable {
    /// Directory used when the caller names none, relative to the current directory.
    public static let defaultDirectory = "templates"

    let library: MustacheLibrary
    /// Registered template names, sorted.
    public let names: [String]
    /// Where the templates came from (for messages).
    public let source: String

    /// Loads every `*.mustache` file of `directory`.
    /// - Throws: `ReportError` `.templateDirectoryUnreadable` or `.templateInvalid` (with file, line and column).
    public init(
        directory: String = TemplateLibrary.defaultDirectory, fileSystem: any FileSystem = POSIXFileSystem()
    ) throws(ReportError) {
        let files: [String]
        do {
            files = try fileSystem.list(directory)
        } catch {
            throw ReportError(
                code: .templateDirectoryUnreadable,
                message: "cannot read the template directory '\(directory)'; give the directory that holds "
                    + "national.html.mustache and the other report templates "
                    + "(default: templates/ in the current directory)",
                path: directory, underlying: error)
        }
        var sources: [String: String] = [:]
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
            guard let bytes = try? fileSystem.readAll(path) else {
                throw ReportError(
                    code: .templateDirectoryUnreadable, message: "cannot read the template file '\(path)'", path: path)
            }
            sources[String(file.dropLast(".mustache".count))] = String(decoding: bytes, as: UTF8.self)
        }
        try self.init(templates: sources, source: directory)
    }

    /// Templates given as text, keyed by name (`national.html`, `table.md`, …): for tests and embedding.
    /// - Throws: `ReportError.templateInvalid` naming the template, line and column.
    public init(templates: [String: String], source: String = "(in memory)") throws(ReportError) {
        // A partial that includes itself would recurse until the stack overflows: refused here.
        try TemplatePartials.check(templates, source: source)
        _ = HTMLEscapingContentType.registered
        var library = MustacheLibrary()
        for name in templates.keys.sorted() {
            guard let text = templates[name] else { continue }
            let isText = name.hasSuffix(".md") || name.hasSuffix(".csv")
            // HTML templates escape through HTMLEscapingContentType: the library's escaping, faster.
            let contentType = isText ? "TEXT" : name.hasSuffix(".html") ? HTMLEscapingContentType.name : nil
            // The file a user edits: named in full, so the message says which file to open.
            let file =
                source == "(in memory)"
                ? "'\(name)'" : (source.hasSuffix("/") ? source : source + "/") + name + ".mustache"
            do {
                let template = try MustacheTemplate(
                    string: contentType.map { "{{% CONTENT_TYPE: \($0)}}\n" + text } ?? text)
                library.register(template, named: name)
            } catch let error as MustacheTemplate.ParserError {
                // Text and HTML templates get one line prepended (the content type): lines count from the file's.
                let line = error.context.lineNumber - (contentType == nil ? 0 : 1)
                throw ReportError(
                    code: .templateInvalid,
                    message: "template \(file) does not parse (Mustache): \(error.error) at line \(line), "
                        + "column \(error.context.columnNumber): \(error.context.line)",
                    path: file, underlying: error)
            } catch {
                throw ReportError(
                    code: .templateInvalid, message: "template \(file) does not parse (Mustache): \(error)", path: file,
                    underlying: error)
            }
        }
        self.library = library
        self.names = templates.keys.sorted()
        self.source = source
    }

    /// Checks that every report has its template in every format (`REPORT.FORMAT`), so a run
    /// finds a missing template at start-up, before anything changes (exit 2).
    /// - Throws: `ReportError.templateMissing` naming the first missing file.
    public func checkEveryReportPresent() throws(ReportError) {
        for report in ReportName.allCases {
            for format in ReportFormat.allCases where !names.contains("\(report.rawValue).\(format.rawValue)") {
                let name = "\(report.rawValue).\(format.rawValue)"
                throw ReportError(
                    code: .templateMissing,
                    message: "no template '\(name)' (file \(name).mustache) in \(source); "
                        + "every report needs its html, md and csv template",
                    path: source)
            }
        }
    }

    /// Renders `name` with `model`.
    /// - Throws: `ReportError.templateMissing`, listing the templates that exist.
    func render(_ model: Any, template name: String) throws(ReportError) -> String {
        guard let output = library.render(model, withTemplate: name) else {
            throw ReportError(
                code: .templateMissing,
                message: "no template '\(name)' (file \(name).mustache) in \(source); templates present: "
                    + (names.isEmpty ? "none" : names.joined(separator: ", ")),
                path: source)
        }
        return output
    }
}
