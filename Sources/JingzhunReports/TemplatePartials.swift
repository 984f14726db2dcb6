/// The partials each template includes, and the check that inclusion ends (issue 13).
///
/// Mustache renders a partial by rendering the named template in place; a template that
/// includes itself, directly or through others (`a` → `b` → `a`), recursed until the stack
/// overflowed (a segfault). Report templates need no recursion, so the library refuses a cycle
/// and any chain of partials deeper than `maxDepth`, when the templates are loaded — at the
/// start of a run, before anything changes (exit 2, naming the template and the chain).
///
/// Tags are found as the Mustache spec defines them: `{{> name}}` (partial) and `{{< name}}`
/// (parent, for template inheritance), with `{{=<% %>=}}` set-delimiter tags followed. A name
/// that is not a registered template is left to the renderer (it renders as empty).
enum TemplatePartials {
    /// Deepest chain of partials accepted (the shipped templates use 2: report → table → chart).
    static let maxDepth = 8

    /// Names of the partials and parents `source` includes, in order of appearance.
    static func included(in source: String) -> [String] {
        var names: [String] = []
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        let bytes = Array(source.utf8)
        var index = 0
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count && Array(bytes[position..<position + pattern.count]) == pattern
        }
        while index < bytes.count {
            guard matches(open, at: index) else {
                index += 1
                continue
            }
            var start = index + open.count
            // Triple mustache `{{{name}}}` ends with `}}}`; it never names a partial.
            guard let end = (start..<bytes.count).first(where: { matches(close, at: $0) }) else { break }
            let content = Array(bytes[start..<end])
            index = end + close.count
            guard let sigil = content.first else { continue }
            start = 1
            let body = String(decoding: content[start...], as: UTF8.self)
            switch sigil {
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                let name = body.trimmingWhitespace()
                if !name.isEmpty { names.append(name) }
            case UInt8(ascii: "="):
                // `{{=<% %>=}}`: the new delimiters, separated by whitespace, before the closing `=`.
                guard body.hasSuffix("=") else { continue }
                let parts = body.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                if parts.count == 2 {
                    open = Array(parts[0].utf8)
                    close = Array(parts[1].utf8)
                }
            default: continue
            }
        }
        return names
    }

    /// Throws when a template includes itself or a chain of partials is deeper than `maxDepth`.
    /// - Complexity: every chain is walked (at most `maxDepth` long); a few dozen templates.
    /// - Parameter templates: template sources keyed by name.
    static func check(_ templates: [String: String], source: String) throws(ReportError) {
        var edges: [String: [String]] = [:]
        for (name, text) in templates { edges[name] = included(in: text).filter { templates[$0] != nil } }
        func visit(_ name: String, _ chain: [String]) throws(ReportError) {
            if let loop = chain.firstIndex(of: name) {
                let cycle = (chain[loop...] + [name]).joined(separator: " → ")
                throw ReportError(
                    code: .templateInvalid,
                    message: "template '\(name)' includes itself (\(cycle)): partials may not recurse; "
                        + "remove the {{> \(chain.last ?? name)}} tag that closes the loop",
                    path: source)
            }
            guard chain.count < maxDepth else {
                throw ReportError(
                    code: .templateInvalid,
                    message: "template '\(chain[0])' includes partials more than \(maxDepth) deep ("
                        + (chain + [name]).joined(separator: " → ") + ")",
                    path: source)
            }
            for next in edges[name] ?? [] { try visit(next, chain + [name]) }
        }
        for name in templates.keys.sorted() { try visit(name, []) }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
