public import JingzhunCore

/// One problem of a catalogue: where it is and what was expected (`file:line:column: message`).
public struct CatalogueDiagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    public static func < (a: CatalogueDiagnostic, b: CatalogueDiagnostic) -> Bool {
        (a.location, a.message) < (b.location, b.message)
    }
}

/// A catalogue that cannot be used: every problem found, in file and line order (exit 2).
public struct CatalogueError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [CatalogueDiagnostic]

    public init(_ diagnostics: [CatalogueDiagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Suggestions by edit distance, for "did you mean …?".
enum Suggestion {
    /// The candidate nearest to `word`, when it is near enough to be a likely typo.
    static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = word.count <= 3 ? 1 : min(3, max(2, word.count / 3))
        var best: (String, Int)? = nil
        for candidate in candidates where candidate != word {
            let distance = editDistance(word, candidate, limit: limit)
            if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// "; did you mean 'x'?" or "".
    static func clause(for word: String, in candidates: some Sequence<String>) -> String {
        nearest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over Unicode scalars, giving up (returning limit + 1) once above `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.unicodeScalars.prefix(128))
        let y = Array(b.unicodeScalars.prefix(128))
        if abs(x.count - y.count) > limit { return limit + 1 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(1, x.count) where !x.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(1, y.count) where !y.isEmpty {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return x.isEmpty ? y.count : (y.isEmpty ? x.count : previous[y.count])
    }
}
extension CatalogueDiagnostic: Error {}
