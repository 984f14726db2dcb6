import JingzhunCore
import Yams

/// The bytes of one catalogue file and the name messages give it.
public struct CatalogueFile: Sendable {
    /// As messages show it (`catalogue.yaml`, or the path the pipeline gave).
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Reads and checks catalogue files (catalogue.md): YAML through Yams, every node located, then
/// `CatalogueChecker`. Pure: it is given the files' bytes and reads nothing itself.
///
/// Every problem of every file is reported at once; the catalogue is returned only when there is
/// none. Hostile input is refused in bounded time and memory (`SourceText`, the node budget,
/// `ExpressionParser`'s limits).
public enum CatalogueLoader {
    /// Largest catalogue file accepted, in bytes.
    public static let maxFileBytes = SourceText.maxBytes
    /// Most YAML nodes visited per file.
    public static let maxNodes = 200_000

    /// The checked catalogue of `files`, later files adding indicators to earlier ones.
    /// - Throws: `CatalogueError` with one diagnostic per problem, sorted by file order, line and column.
    public static func load(_ files: [CatalogueFile]) throws(CatalogueError) -> Catalogue {
        var indicators: [IndicatorSpec] = []
        var diagnostics: [[CatalogueDiagnostic]] = []
        var brokenIDs: [String: SourceLocation] = [:]
        for file in files {
            var reader = FileReader(file: file.name)
            indicators += reader.read(file.bytes)
            diagnostics.append(reader.diagnostics.sorted())
            brokenIDs.merge(reader.brokenIDs) { first, _ in first }
        }
        var checker = CatalogueChecker(indicators: indicators, brokenIDs: brokenIDs)
        let checked = checker.check()
        var all = diagnostics
        // Checker diagnostics go with their file, keeping the order of the files.
        for diagnostic in checker.diagnostics {
            let position = files.firstIndex { $0.name == diagnostic.location.file } ?? 0
            if all.indices.contains(position) { all[position].append(diagnostic) } else { all.append([diagnostic]) }
        }
        let flat = all.flatMap { $0.sorted() }
        guard flat.isEmpty else { throw CatalogueError(flat) }
        return Catalogue(version: 1, indicators: checked, files: files.map(\.name))
    }

    /// Loads YAML text (tests and tools that hold the text already).
    public static func load(text: String, name: String) throws(CatalogueError) -> Catalogue {
        try load([CatalogueFile(name: name, bytes: Array(text.utf8))])
    }
}

/// Walks one file's YAML, turning each indicator entry into an (unchecked) `IndicatorSpec`.
struct FileReader {
    let file: String
    var diagnostics: [CatalogueDiagnostic] = []
    /// Ids of entries left out for a mistake already reported: references to them are not
    /// reported again as unknown.
    var brokenIDs: [String: SourceLocation] = [:]
    private var lines: [[Unicode.Scalar]] = []
    private var nodesLeft = CatalogueLoader.maxNodes

    init(file: String) { self.file = file }

    mutating func read(_ bytes: [UInt8]) -> [IndicatorSpec] {
        let text: String
        switch SourceText.decode(bytes, file: file) {
        case .success(let decoded): text = decoded
        case .failure(let problem):
            diagnostics.append(problem)
            return []
        }
        let screened = SourceText.screen(text, file: file)
        guard screened.isEmpty else {
            diagnostics += screened
            return []
        }
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            diagnostics.append(yamlDiagnostic(error))
            return []
        } catch {
            diagnostics.append(
                CatalogueDiagnostic("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
            return []
        }
        guard let root, case .mapping = root else {
            report("expected a mapping with the keys 'version' and 'indicators' at the top level", root)
            return []
        }
        var indicators: [IndicatorSpec] = []
        let top = keys(of: root, allowed: ["version", "indicators"], what: "the top level")
        if let version = top["version"] {
            if scalar(version) != "1" {
                report("unsupported catalogue version '\(scalar(version) ?? "")'; expected 1", version)
            }
        } else {
            report("missing key 'version' (expected 'version: 1')", root)
        }
        guard let list = top["indicators"] else {
            report("missing key 'indicators' (expected a list of indicators)", root)
            return []
        }
        guard case .sequence(let entries) = list else {
            report("'indicators' must be a list of indicators (entries starting with '- id:')", list)
            return []
        }
        for entry in entries {
            guard spend(entry) else { break }
            if let spec = indicator(entry) { indicators.append(spec) }
        }
        return indicators
    }

    // MARK: - Nodes

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func report(_ message: String, _ node: Node?) {
        diagnostics.append(CatalogueDiagnostic(message, at: location(node)))
    }

    /// Counts a node against the budget; false (with one message) once it is spent.
    mutating func spend(_ node: Node) -> Bool {
        nodesLeft -= 1
        if nodesLeft == 0 { report("more than \(CatalogueLoader.maxNodes) YAML nodes in one catalogue file", node) }
        return nodesLeft > 0
    }

    func yamlDiagnostic(_ error: YamlError) -> CatalogueDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return CatalogueDiagnostic(
                "not valid YAML: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return CatalogueDiagnostic(
                "key '\(duplicates.joined(separator: "', '"))' given twice in one mapping",
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        default:
            return CatalogueDiagnostic("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// A scalar's text, or nil for a list or mapping.
    func scalar(_ node: Node) -> String? {
        if case .scalar(let value) = node { return value.string }
        return nil
    }

    /// The keys of a mapping, each checked against `allowed` (an unknown key is reported with a
    /// suggestion and left out).
    mutating func keys(of node: Node, allowed: [String], what: String) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            report("expected a mapping (key: value lines) for \(what)", node)
            return [:]
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard spend(key), spend(value) else { break }
            guard let name = scalar(key) else {
                report("a key must be a plain name", key)
                continue
            }
            guard allowed.contains(name) else {
                report(
                    "unknown key '\(name)' in \(what)\(Suggestion.clause(for: name, in: allowed)); "
                        + "expected one of \(allowed.joined(separator: ", "))", key)
                continue
            }
            result[name] = value
        }
        return result
    }

    mutating func text(_ node: Node?, _ key: String) -> String? {
        guard let node else { return nil }
        guard let value = scalar(node) else {
            report("'\(key)' must be a single value, not a list or mapping", node)
            return nil
        }
        return value
    }

    // MARK: - Indicators

    static let common = ["id", "label", "label_zh", "unit", "levels", "decimals", "kind"]
    static let kindKeys: [String: [String]] = [
        "count": ["of", "where"],
        "sum": ["value", "of", "where", "empty"],
        "ratio": ["num", "den", "scale"],
        "fgt": ["of", "welfare", "weight", "line", "alpha", "where"],
        "formula": ["expr"],
        "af": ["of", "weight", "k", "dimensions", "where"],
        "builtin": ["name"],
    ]

    mutating func indicator(_ node: Node) -> IndicatorSpec? {
        let at = location(node)
        let kindName = node["kind"].flatMap(scalar)
        let kindKeys = kindName.flatMap { FileReader.kindKeys[$0] } ?? FileReader.kindKeys.values.flatMap { $0 }
        let entryName = node["id"].flatMap(scalar).map { "indicator '\($0)'" } ?? "an indicator"
        let values = keys(
            of: node, allowed: FileReader.common + kindKeys.filter { !FileReader.common.contains($0) }, what: entryName)
        guard case .mapping = node else { return nil }

        var isValid = true
        func require(_ key: String, _ expected: String) -> Node? {
            if let value = values[key] { return value }
            report("missing key '\(key)' in \(entryName) (expected \(expected))", node)
            isValid = false
            return nil
        }
        let idNode = require("id", "an id such as poverty_incidence_pct")
        let id = text(idNode, "id") ?? ""
        if idNode != nil, !FileReader.isValidID(id) {
            report(
                "id '\(id)' must be a lowercase letter followed by lowercase letters, digits or '_' (at most 64)",
                idNode)
            isValid = false
        }
        let label = text(require("label", "a label for reports"), "label") ?? ""
        let labelZh = text(values["label_zh"], "label_zh")
        var unit = IndicatorUnit.count
        if let unitNode = require("unit", "count, pct, yuan, index, pp or flag"), let name = text(unitNode, "unit") {
            if let parsed = IndicatorUnit(catalogueName: name) {
                unit = parsed
            } else {
                let names = IndicatorUnit.allCases.map(\.catalogueName)
                report(
                    "unknown unit '\(name)'\(Suggestion.clause(for: name, in: names)); expected one of "
                        + "\(names.joined(separator: ", "))",
                    unitNode)
                isValid = false
            }
        }
        var levels = Set(AreaLevel.allCases)
        if let levelsNode = values["levels"] {
            if case .sequence(let items) = levelsNode, !items.isEmpty {
                levels = []
                for item in items {
                    let name = scalar(item) ?? ""
                    if let level = AreaLevel(rawValue: name) {
                        levels.insert(level)
                    } else {
                        let names = AreaLevel.allCases.map(\.rawValue)
                        report(
                            "unknown level '\(name)'\(Suggestion.clause(for: name, in: names)); expected "
                                + "\(names.joined(separator: ", "))",
                            item)
                        isValid = false
                    }
                }
            } else {
                report("'levels' must be a list such as [county, prefecture, province, nation]", levelsNode)
                isValid = false
            }
        }
        var decimals: Int? = nil
        if let decimalsNode = values["decimals"] {
            if let value = text(decimalsNode, "decimals").flatMap({ Int($0) }), (0...6).contains(value) {
                decimals = value
            } else {
                report("'decimals' must be a whole number from 0 to 6", decimalsNode)
                isValid = false
            }
        }
        guard let kindNode = require("kind", KindNames.expected) else {
            if FileReader.isValidID(id) { brokenIDs[id] = at }
            return nil
        }
        guard let name = text(kindNode, "kind"), FileReader.kindKeys[name] != nil else {
            let name = scalar(kindNode) ?? ""
            report(
                "unknown kind '\(name)'\(Suggestion.clause(for: name, in: IndicatorKind.names)); expected "
                    + "\(KindNames.expected)",
                kindNode)
            if FileReader.isValidID(id) { brokenIDs[id] = at }
            return nil
        }
        // An entry with other mistakes is still checked (its references and expressions), so that
        // every problem is reported at once; the loader returns no catalogue when any was found.
        let parsedKind = self.kind(name, values, entry: node, entryName: entryName)
        guard FileReader.isValidID(id) else { return nil }
        guard let kind = parsedKind else {
            brokenIDs[id] = at
            return nil
        }
        _ = isValid
        return IndicatorSpec(
            id: id, label: label, labelZh: labelZh, unit: unit, levels: levels, decimals: decimals, kind: kind,
            location: at)
    }

    enum KindNames {
        static let expected = "count, sum, ratio, fgt, formula, af or builtin"
    }

    /// Largest common denominator of an Alkire–Foster cutoff and weights.
    static let maxCommonDenominator: Int64 = 1_000_000_000_000

    static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.count <= 64 else {
            return false
        }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }

    mutating func kind(_ name: String, _ values: [String: Node], entry: Node, entryName: String) -> IndicatorKind? {
        func missing(_ key: String, _ expected: String) -> Node? {
            if let value = values[key] { return value }
            report("missing key '\(key)' in \(entryName) (kind \(name) needs it: \(expected))", entry)
            return nil
        }
        switch name {
        case "count", "sum":
            guard let ofNode = missing("of", "household, member, county or village"), let entity = entity(ofNode) else {
                return nil
            }
            let filter = values["where"].flatMap { expression($0, "where") }
            if name == "count" {
                return .count(Aggregate(measure: .count, entity: entity, filter: filter, location: location(entry)))
            }
            guard let valueNode = missing("value", "an expression to sum, such as size"),
                let value = expression(valueNode, "value")
            else { return nil }
            let isNullWhenEmpty = values["empty"].map { emptyIsNull($0) } ?? false
            return .sum(
                Aggregate(
                    measure: .sum(value), entity: entity, filter: filter, isNullWhenEmpty: isNullWhenEmpty,
                    location: location(entry)))
        case "ratio":
            let numerator = missing("num", "an indicator id or {count: …} / {sum: …, of: …}").flatMap {
                operand($0, "num")
            }
            let denominator = missing("den", "an indicator id or {count: …} / {sum: …, of: …}").flatMap {
                operand($0, "den")
            }
            var scale = ExactDecimal(1)
            if let scaleNode = values["scale"] {
                guard let value = decimal(scaleNode) else {
                    report("'scale' must be a number such as 100", scaleNode)
                    return nil
                }
                scale = value
            }
            guard numerator != nil || denominator != nil else { return nil }
            // One bad operand has been reported; the other is still checked (with a stand-in).
            let standIn = RatioOperand.aggregate(
                Aggregate(measure: .count, entity: .household, location: location(entry)))
            return .ratio(Ratio(numerator: numerator ?? standIn, denominator: denominator ?? standIn, scale: scale))
        case "fgt":
            guard let ofNode = missing("of", "household"), let entity = entity(ofNode) else { return nil }
            guard entity == .household else {
                report("fgt ranges over households ('of: household'), not \(entity.rawValue)", ofNode)
                return nil
            }
            guard let alphaNode = missing("alpha", "0, 1 or 2") else { return nil }
            guard let alpha = text(alphaNode, "alpha").flatMap({ Int($0) }), (0...2).contains(alpha) else {
                report("'alpha' must be 0, 1 or 2", alphaNode)
                return nil
            }
            let at = location(entry)
            let welfare = values["welfare"].map { expression($0, "welfare") } ?? Expr(.name("pcni"), at: at)
            let weight = values["weight"].map { expression($0, "weight") } ?? Expr(.name("size"), at: at)
            let line = values["line"].map { expression($0, "line") } ?? Expr(.name("poverty_line"), at: at)
            let filter = values["where"].flatMap { expression($0, "where") }
            guard let welfare, let weight, let line else { return nil }
            return .fgt(FGT(entity: entity, welfare: welfare, weight: weight, line: line, alpha: alpha, filter: filter))
        case "formula":
            guard let exprNode = missing("expr", "an expression over other indicators' ids") else { return nil }
            return expression(exprNode, "expr").map { .formula($0) }
        case "af":
            return alkireFoster(values, entry: entry, entryName: entryName).map { .af($0) }
        case "builtin":
            guard let nameNode = missing("name", Builtin.allCases.map(\.rawValue).joined(separator: ", ")) else {
                return nil
            }
            let builtinName = text(nameNode, "name") ?? ""
            guard let builtin = Builtin(rawValue: builtinName) else {
                let names = Builtin.allCases.map(\.rawValue)
                report(
                    "unknown builtin '\(builtinName)'\(Suggestion.clause(for: builtinName, in: names)); "
                        + "expected one of \(names.joined(separator: ", "))", nameNode)
                return nil
            }
            return .builtin(builtin)
        default:
            return nil
        }
    }

    mutating func emptyIsNull(_ node: Node) -> Bool {
        switch scalar(node) {
        case "null", "~": return true
        case "0": return false
        default:
            report("'empty' must be null (an empty sum is null) or 0 (the default)", node)
            return false
        }
    }

    mutating func entity(_ node: Node) -> Entity? {
        let name = scalar(node) ?? ""
        if let entity = Entity(rawValue: name) { return entity }
        let names = Entity.allCases.map(\.rawValue)
        report(
            "unknown entity '\(name)'\(Suggestion.clause(for: name, in: names)); expected "
                + "\(names.joined(separator: ", "))",
            node)
        return nil
    }

    mutating func operand(_ node: Node, _ key: String) -> RatioOperand? {
        if let id = scalar(node) { return .indicator(id, at: location(node)) }
        let values = keys(of: node, allowed: ["count", "sum", "of", "where", "empty"], what: "'\(key)'")
        let filter = values["where"].flatMap { expression($0, "where") }
        if let countNode = values["count"] {
            if values["sum"] != nil { report("'\(key)' takes either 'count' or 'sum', not both", node) }
            if values["of"] != nil {
                report("with 'count', the entity is its value ({count: household}); drop 'of'", values["of"])
            }
            guard let entity = entity(countNode) else { return nil }
            return .aggregate(Aggregate(measure: .count, entity: entity, filter: filter, location: location(node)))
        }
        guard let sumNode = values["sum"] else {
            report(
                "'\(key)' must be an indicator id, {count: ENTITY, where: …} or {sum: EXPR, of: ENTITY, where: …}", node
            )
            return nil
        }
        guard let ofNode = values["of"] else {
            report("missing 'of' in '\(key)' (expected {sum: EXPR, of: household|member|county|village})", node)
            return nil
        }
        let isNullWhenEmpty = values["empty"].map { emptyIsNull($0) } ?? false
        guard let value = expression(sumNode, "sum"), let entity = entity(ofNode) else { return nil }
        return .aggregate(
            Aggregate(
                measure: .sum(value), entity: entity, filter: filter, isNullWhenEmpty: isNullWhenEmpty,
                location: location(node)))
    }

    mutating func alkireFoster(_ values: [String: Node], entry: Node, entryName: String) -> AlkireFoster? {
        let at = location(entry)
        var entity = Entity.household
        if let ofNode = values["of"] {
            guard let parsed = self.entity(ofNode) else { return nil }
            entity = parsed
        }
        let weight = values["weight"].map { expression($0, "weight") } ?? Expr(.name("size"), at: at)
        let filter = values["where"].flatMap { expression($0, "where") }
        guard let kNode = values["k"] else {
            report("missing key 'k' in \(entryName) (the poverty cutoff, an exact fraction such as 1/3)", entry)
            return nil
        }
        guard let k = fraction(kNode), Fraction.zero < k, !(Fraction.one < k) else {
            report("'k' must be an exact fraction in (0, 1], such as 1/3", kNode)
            return nil
        }
        guard let dimensionsNode = values["dimensions"], case .sequence(let items) = dimensionsNode, !items.isEmpty
        else {
            report("'dimensions' must be a non-empty list of {id, weight, deprived}", values["dimensions"] ?? entry)
            return nil
        }
        var dimensions: [AlkireFoster.Dimension] = []
        var total = Fraction.zero
        var seen = Set<String>()
        var isValid = true
        for item in items {
            let fields = keys(of: item, allowed: ["id", "weight", "deprived"], what: "a dimension")
            guard let idNode = fields["id"], let id = scalar(idNode), FileReader.isValidID(id) else {
                report("a dimension needs an 'id' of lowercase letters, digits and '_'", item)
                isValid = false
                continue
            }
            if !seen.insert(id).inserted {
                report("dimension '\(id)' given twice", idNode)
                isValid = false
            }
            guard let weightNode = fields["weight"], let weight = fraction(weightNode), Fraction.zero < weight else {
                report(
                    "dimension '\(id)' needs a 'weight', an exact positive fraction such as 1/4",
                    fields["weight"] ?? item)
                isValid = false
                continue
            }
            guard let deprivedNode = fields["deprived"] else {
                report("dimension '\(id)' needs 'deprived', a condition such as \"not safe_water\"", item)
                isValid = false
                continue
            }
            guard let deprived = expression(deprivedNode, "deprived") else {
                isValid = false
                continue
            }
            if let sum = total.adding(weight) {
                total = sum
            } else {
                report("dimension weights too fine to add exactly; use fractions with small denominators", weightNode)
                isValid = false
            }
            dimensions.append(
                AlkireFoster.Dimension(id: id, weight: weight, deprived: deprived, location: location(item)))
        }
        if isValid, total != Fraction.one {
            report("the dimension weights sum to \(total), not exactly 1", dimensionsNode)
            isValid = false
        }
        // Scores are exact integers over the common denominator of k and the weights (the
        // engine sums them per row): keep it small enough that no sum can overflow.
        var common = k.denominator
        for dimension in dimensions where isValid {
            let g = Int64(Fraction.gcd(common.magnitude, dimension.weight.denominator.magnitude))
            let (next, overflow) = (common / g).multipliedReportingOverflow(by: dimension.weight.denominator)
            if overflow || next > FileReader.maxCommonDenominator {
                report(
                    "the common denominator of k and the weights passes \(FileReader.maxCommonDenominator); use "
                        + "simpler fractions",
                    dimensionsNode)
                isValid = false
            } else {
                common = next
            }
        }
        guard isValid, let weight else { return nil }
        return AlkireFoster(entity: entity, weight: weight, k: k, dimensions: dimensions, filter: filter)
    }

    func decimal(_ node: Node) -> ExactDecimal? {
        guard let text = scalar(node) else { return nil }
        let result = ExpressionParser.parse(text) { _ in SourceLocation(file: "") }
        guard case .success(let expr) = result else { return nil }
        switch expr.node {
        case .literal(.integer(let value)): return ExactDecimal(value)
        case .literal(.decimal(let value)): return value
        default: return nil
        }
    }

    /// `1/3`, `0.25` or `1`.
    func fraction(_ node: Node) -> Fraction? {
        guard let text = scalar(node) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        if parts.count == 2 {
            guard let numerator = Int64(parts[0]), let denominator = Int64(parts[1]) else { return nil }
            return Fraction(numerator: numerator, denominator: denominator)
        }
        guard parts.count == 1, let value = decimal(node) else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<value.scale { denominator *= 10 }
        return Fraction(numerator: value.significand, denominator: denominator)
    }

    // MARK: - Expressions

    /// Parses an expression scalar, locating each character in the file.
    mutating func expression(_ node: Node, _ key: String) -> Expr? {
        guard case .scalar(let value) = node else {
            report("'\(key)' must be an expression (text), not a list or mapping", node)
            return nil
        }
        let locations = locate(value)
        let file = self.file
        let fallback = location(node)
        let result = ExpressionParser.parse(value.string) { offset in
            offset < locations.count ? locations[offset] : (locations.last ?? fallback)
        }
        switch result {
        case .success(let expr): return expr
        case .failure(let problem):
            _ = file
            diagnostics.append(problem)
            return nil
        }
    }

    /// The file location of each character of a scalar's value: aligned greedily against the
    /// source lines from where the scalar starts (exact for plain and quoted one-line scalars and
    /// for block scalars; close for folded and escaped ones). O(n).
    func locate(_ scalar: Node.Scalar) -> [SourceLocation] {
        guard let mark = scalar.mark else { return [] }
        var line = mark.line - 1
        var column = mark.column - 1
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: column += 1
        case .literal, .folded:
            line += 1
            column = line < lines.count ? lines[line].prefix { $0 == " " }.count : 0
        default: break
        }
        var result: [SourceLocation] = []
        let value = Array(scalar.string.unicodeScalars)
        result.reserveCapacity(value.count)
        for character in value {
            // Move past line ends to the next line's first non-space character.
            while line < lines.count, column >= lines[line].count || lines[line][column] == "\r" {
                line += 1
                column = line < lines.count ? lines[line].prefix { $0 == " " }.count : 0
                if character == " " || character == "\n" { break }
            }
            result.append(SourceLocation(file: file, line: line + 1, column: column + 1))
            if line < lines.count, column < lines[line].count, lines[line][column] == character {
                column += 1
            } else if character != " " && character != "\n" {
                column += 1
            }
        }
        return result
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
