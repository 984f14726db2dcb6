import JingzhunCore

/// Checks on the raw bytes of a catalogue file before YAML sees them: size, UTF-8, and the YAML
/// features a catalogue never needs but a hostile file uses (anchors and aliases, deep nesting).
///
/// Yams composes recursively and keeps aliases as shared nodes, so a billion-laughs file or a
/// 10,000-deep flow sequence would cost exponential time or a deep stack later; refusing them
/// here keeps every later step bounded by the file's size.
enum SourceText {
    /// Largest catalogue file accepted (the shipped one is about 12 KB).
    static let maxBytes = 1 << 20
    /// Deepest flow nesting (`[`/`{`), compact-sequence run (`- - -`) and indentation accepted.
    static let maxFlowDepth = 32
    static let maxIndent = 256

    /// The text of the file, or the problems that stop it from being read as YAML.
    static func decode(_ bytes: [UInt8], file: String) -> Result<String, CatalogueDiagnostic> {
        guard bytes.count <= maxBytes else {
            return .failure(
                CatalogueDiagnostic(
                    "catalogue file is larger than the limit of \(maxBytes) bytes; "
                        + "a catalogue holds definitions, not data", at: SourceLocation(file: file, line: 1, column: 1))
            )
        }
        var line = 1
        var column = 1
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var scalars = String.UnicodeScalarView()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                if scalar == "\0" {
                    return .failure(
                        CatalogueDiagnostic(
                            "NUL byte in a catalogue file; it must be UTF-8 text",
                            at: SourceLocation(file: file, line: line, column: column - 1)))
                }
                scalars.append(scalar)
            case .error:
                return .failure(
                    CatalogueDiagnostic(
                        "bytes that are not UTF-8; save the catalogue as UTF-8 text",
                        at: SourceLocation(file: file, line: line, column: column)))
            case .emptyInput:
                return .success(String(scalars))
            }
        }
    }

    /// Anchors, aliases and nesting beyond the limits, one message each (at most a few).
    static func screen(_ text: String, file: String) -> [CatalogueDiagnostic] {
        var problems: [CatalogueDiagnostic] = []
        var flowDepth = 0
        var quote: Unicode.Scalar? = nil
        var blockIndent: Int? = nil
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            let isBlank = indent == scalars.count || scalars[indent] == "#" || scalars[indent] == "\r"
            if let parent = blockIndent {
                if isBlank || indent > parent { continue }
                blockIndent = nil
            }
            if quote == nil, indent > maxIndent {
                problems.append(
                    CatalogueDiagnostic(
                        "indented more than \(maxIndent) columns: nesting too deep for a catalogue",
                        at: SourceLocation(file: file, line: lineNumber, column: 1)))
                break
            }
            // At a node start: line start, or after `- `, `: `, `? `, `[`, `{`, `,`.
            var atNodeStart = quote == nil
            var dashRun = 0
            var index = quote == nil ? indent : 0
            var lastSignificant: Unicode.Scalar? = nil
            while index < scalars.count {
                let c = scalars[index]
                if let open = quote {
                    if c == "\\" && open == "\"" {
                        index += 2
                        continue
                    }
                    if c == open {
                        if open == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" {
                            index += 2
                            continue
                        }
                        quote = nil
                    }
                    index += 1
                    continue
                }
                if c == " " || c == "\t" || c == "\r" {
                    index += 1
                    continue
                }
                if c == "#" && (index == 0 || scalars[index - 1] == " " || scalars[index - 1] == "\t") { break }
                let location = SourceLocation(file: file, line: lineNumber, column: index + 1)
                if atNodeStart {
                    switch c {
                    case "&", "*":
                        problems.append(
                            CatalogueDiagnostic(
                                "YAML \(c == "&" ? "anchor" : "alias") found; anchors and aliases are not allowed in a "
                                    + "catalogue: write each value out", at: location))
                        return problems
                    case "'", "\"":
                        quote = c
                        atNodeStart = false
                    case "[", "{":
                        flowDepth += 1
                        if flowDepth > maxFlowDepth {
                            problems.append(
                                CatalogueDiagnostic(
                                    "flow collections nested more than \(maxFlowDepth) deep", at: location))
                            return problems
                        }
                    case "-" where index + 1 == scalars.count || scalars[index + 1] == " ":
                        dashRun += 1
                        if dashRun > maxFlowDepth {
                            problems.append(
                                CatalogueDiagnostic("sequences nested more than \(maxFlowDepth) deep", at: location))
                            return problems
                        }
                    case "?" where index + 1 == scalars.count || scalars[index + 1] == " ":
                        break
                    case "]", "}":
                        flowDepth = max(0, flowDepth - 1)
                        atNodeStart = false
                    case "|", ">":
                        // A block scalar: its lines are content, not structure.
                        if lastSignificant == ":" || lastSignificant == "-" { blockIndent = indent }
                        atNodeStart = false
                    default:
                        atNodeStart = false
                    }
                } else {
                    switch c {
                    case "]" where flowDepth > 0, "}" where flowDepth > 0: flowDepth -= 1
                    case "," where flowDepth > 0: atNodeStart = true
                    case ":" where index + 1 == scalars.count || scalars[index + 1] == " ": atNodeStart = true
                    default: break
                    }
                }
                lastSignificant = c
                index += 1
            }
        }
        return problems
    }
}
