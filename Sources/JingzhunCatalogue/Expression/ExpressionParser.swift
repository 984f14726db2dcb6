import JingzhunCore

/// Parses the expression language of catalogue.md §Expressions into an `Expr`.
///
/// Bounded: an expression longer than `maxLength` characters or nested deeper than `maxDepth`
/// is refused with a message, before any deep recursion (a 10,000-deep parenthesis gives one
/// diagnostic, not a stack overflow). Keywords are lowercase, as the contract writes them.
/// - Complexity: O(n) in the expression's length.
public struct ExpressionParser {
    /// Longest expression accepted, in characters.
    public static let maxLength = 10_000
    /// Deepest nesting of parentheses, calls and unary operators accepted.
    public static let maxDepth = 64

    /// Where each character of the text is: the location of the character at an offset.
    public typealias Locator = @Sendable (Int) -> SourceLocation

    /// Parses `text`, or returns the first problem met.
    /// - Parameter locate: Maps a character offset in `text` to its place in the file.
    public static func parse(_ text: String, locate: @escaping Locator) -> Result<Expr, CatalogueDiagnostic> {
        guard text.count <= maxLength else {
            return .failure(
                CatalogueDiagnostic(
                    "expression of \(text.count) characters is longer than the limit of \(maxLength); "
                        + "split it into indicators that reference each other", at: locate(0)))
        }
        var parser = ExpressionParser(text: text, locate: locate)
        do throws(CatalogueDiagnostic) {
            parser.tokens = try Lexer.tokens(of: text, locate: locate)
            let expression = try parser.parseOr()
            guard parser.current.kind == Token.Kind.end else {
                throw parser.unexpected("an operator or the end of the expression")
            }
            return .success(expression)
        } catch {
            return .failure(error)
        }
    }

    private let locate: Locator
    private var tokens: [Token] = []
    private var position = 0
    private var depth = 0

    private init(text: String, locate: @escaping Locator) { self.locate = locate }

    private var current: Token { tokens[position] }
    private func location(_ token: Token) -> SourceLocation { locate(token.offset) }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func accept(_ kind: Token.Kind) -> Token? {
        current.kind == kind ? advance() : nil
    }

    private mutating func expect(_ kind: Token.Kind, _ expected: String) throws(CatalogueDiagnostic) -> Token {
        guard let token = accept(kind) else { throw unexpected(expected) }
        return token
    }

    private func unexpected(_ expected: String) -> CatalogueDiagnostic {
        let found = current.kind == .end ? "the end of the expression" : "'\(current.text)'"
        return CatalogueDiagnostic("expected \(expected), found \(found)", at: location(current))
    }

    private mutating func enter(_ token: Token) throws(CatalogueDiagnostic) {
        depth += 1
        if depth > ExpressionParser.maxDepth {
            throw CatalogueDiagnostic(
                "expression nested deeper than \(ExpressionParser.maxDepth) levels; simplify it", at: location(token))
        }
    }

    // or := and ('or' and)*
    private mutating func parseOr() throws(CatalogueDiagnostic) -> Expr {
        try enter(current)
        defer { depth -= 1 }
        var left = try parseAnd()
        while accept(.keyword("or")) != nil {
            let right = try parseAnd()
            left = Expr(.binary(.or, left, right), at: left.location)
        }
        return left
    }

    // and := not ('and' not)*
    private mutating func parseAnd() throws(CatalogueDiagnostic) -> Expr {
        var left = try parseNot()
        while accept(.keyword("and")) != nil {
            let right = try parseNot()
            left = Expr(.binary(.and, left, right), at: left.location)
        }
        return left
    }

    // not := 'not' not | comparison
    private mutating func parseNot() throws(CatalogueDiagnostic) -> Expr {
        if let token = accept(.keyword("not")) {
            try enter(token)
            defer { depth -= 1 }
            return Expr(.unary(.not, try parseNot()), at: location(token))
        }
        return try parseComparison()
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    // comparison := additive (op additive | ['not'] 'in' '(' list ')' | 'is' ['not'] 'null')?
    private mutating func parseComparison() throws(CatalogueDiagnostic) -> Expr {
        let left = try parseAdditive()
        if case .symbol(let symbol) = current.kind, let op = ExpressionParser.comparisons[symbol] {
            _ = advance()
            let right = try parseAdditive()
            return Expr(.binary(op, left, right), at: left.location)
        }
        if case .symbol("!=") = current.kind {
            throw CatalogueDiagnostic("'!=' is not an operator; write '<>' for 'not equal'", at: location(current))
        }
        if current.kind == .keyword("in") || (current.kind == .keyword("not") && next?.kind == .keyword("in")) {
            let negated = accept(.keyword("not")) != nil
            _ = advance()
            _ = try expect(.symbol("("), "'(' and a list of values after 'in'")
            var items = [try parseOr()]
            while accept(.symbol(",")) != nil { items.append(try parseOr()) }
            _ = try expect(.symbol(")"), "',' or ')' in the list after 'in'")
            return Expr(.inList(left, items, negated: negated), at: left.location)
        }
        if accept(.keyword("is")) != nil {
            let negated = accept(.keyword("not")) != nil
            _ = try expect(.keyword("null"), negated ? "'null' after 'is not'" : "'null' or 'not null' after 'is'")
            return Expr(.isNull(left, negated: negated), at: left.location)
        }
        return left
    }

    private var next: Token? { position + 1 < tokens.count ? tokens[position + 1] : nil }

    // additive := multiplicative (('+' | '-') multiplicative)*
    private mutating func parseAdditive() throws(CatalogueDiagnostic) -> Expr {
        var left = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            if accept(.symbol("+")) != nil {
                op = .add
            } else if accept(.symbol("-")) != nil {
                op = .subtract
            } else {
                break
            }
            let right = try parseMultiplicative()
            left = Expr(.binary(op, left, right), at: left.location)
        }
        return left
    }

    // multiplicative := unary (('*' | '/') unary)*
    private mutating func parseMultiplicative() throws(CatalogueDiagnostic) -> Expr {
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            if accept(.symbol("*")) != nil {
                op = .multiply
            } else if accept(.symbol("/")) != nil {
                op = .divide
            } else {
                break
            }
            let right = try parseUnary()
            left = Expr(.binary(op, left, right), at: left.location)
        }
        return left
    }

    // unary := '-' unary | primary
    private mutating func parseUnary() throws(CatalogueDiagnostic) -> Expr {
        if let token = accept(.symbol("-")) {
            try enter(token)
            defer { depth -= 1 }
            let operand = try parseUnary()
            // Fold a negative literal, so `-1` is a literal (as in SQL).
            switch operand.node {
            case .literal(.integer(let value)): return Expr(.literal(.integer(-value)), at: location(token))
            case .literal(.decimal(let value)):
                return Expr(
                    .literal(.decimal(ExactDecimal(significand: -value.significand, scale: value.scale))),
                    at: location(token))
            default: return Expr(.unary(.negate, operand), at: location(token))
            }
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(CatalogueDiagnostic) -> Expr {
        let token = current
        let at = location(token)
        switch token.kind {
        case .integer(let value):
            _ = advance()
            return Expr(.literal(.integer(value)), at: at)
        case .decimal(let value):
            _ = advance()
            return Expr(.literal(.decimal(value)), at: at)
        case .text(let value):
            _ = advance()
            return Expr(.literal(.text(value)), at: at)
        case .keyword("true"):
            _ = advance()
            return Expr(.literal(.boolean(true)), at: at)
        case .keyword("false"):
            _ = advance()
            return Expr(.literal(.boolean(false)), at: at)
        case .keyword("null"):
            _ = advance()
            return Expr(.literal(.null), at: at)
        case .identifier(let name):
            _ = advance()
            guard accept(.symbol("(")) != nil else { return Expr(.name(name), at: at) }
            try enter(token)
            defer { depth -= 1 }
            guard let function = Function(rawValue: name) else {
                throw CatalogueDiagnostic(
                    "unknown function '\(name)'\(Suggestion.clause(for: name, in: Function.allCases.map(\.rawValue))); "
                        + "expected one of \(Function.allCases.map(\.rawValue).joined(separator: ", "))", at: at)
            }
            var arguments: [Expr] = []
            if accept(.symbol(")")) == nil {
                arguments.append(try parseOr())
                while accept(.symbol(",")) != nil { arguments.append(try parseOr()) }
                _ = try expect(.symbol(")"), "',' or ')' in the arguments of \(name)")
            }
            guard arguments.count == function.arity else {
                throw CatalogueDiagnostic(
                    "\(name) takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), found "
                        + "\(arguments.count)",
                    at: at)
            }
            if function == .prev {
                guard case .name(let id) = arguments[0].node else {
                    throw CatalogueDiagnostic(
                        "prev takes an indicator id, as in prev(poor_population)", at: arguments[0].location)
                }
                return Expr(.previous(id), at: at)
            }
            return Expr(.call(function, arguments), at: at)
        case .symbol("("):
            _ = advance()
            let inner = try parseOr()
            _ = try expect(.symbol(")"), "')'")
            return inner
        default:
            throw unexpected("a value, a name, a function call or '('")
        }
    }
}

/// A token of the expression language.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case integer(Int64)
        case decimal(ExactDecimal)
        case text(String)
        case identifier(String)
        case keyword(String)
        case symbol(String)
        case end
    }
    var kind: Kind
    /// Character offset of the token's first character.
    var offset: Int
    var text: String
}

/// Splits expression text into tokens.
enum Lexer {
    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "null", "true", "false"]
    static let maxDecimalScale = 18

    static func tokens(of text: String, locate: ExpressionParser.Locator) throws(CatalogueDiagnostic) -> [Token] {
        let characters = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
        }
        func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || (c >= "0" && c <= "9") }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        while index < characters.count {
            let c = characters[index]
            let start = index
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                index += 1
                continue
            }
            if isDigit(c) {
                while index < characters.count, isDigit(characters[index]) { index += 1 }
                var isDecimal = false
                if index + 1 < characters.count, characters[index] == ".", isDigit(characters[index + 1]) {
                    isDecimal = true
                    index += 1
                    while index < characters.count, isDigit(characters[index]) { index += 1 }
                }
                if index < characters.count, isIdentifierStart(characters[index]) {
                    throw CatalogueDiagnostic(
                        "a number cannot run into a name; put an operator between them", at: locate(index))
                }
                let written = String(String.UnicodeScalarView(characters[start..<index]))
                let digits = written.replacingAll(".", with: "")
                let scale =
                    isDecimal
                    ? written.count - 1
                        - (written.firstIndex(of: ".").map { written.distance(from: written.startIndex, to: $0) } ?? 0)
                    : 0
                guard scale <= maxDecimalScale, let significand = Int64(digits) else {
                    throw CatalogueDiagnostic(
                        "number \(written) is too large or too precise (at most 18 digits)", at: locate(start))
                }
                tokens.append(
                    Token(
                        kind: isDecimal
                            ? .decimal(ExactDecimal(significand: significand, scale: scale)) : .integer(significand),
                        offset: start, text: written))
                continue
            }
            if isIdentifierStart(c) {
                while index < characters.count,
                    isIdentifierPart(characters[index])
                        || (characters[index] == "." && index + 1 < characters.count
                            && isIdentifierStart(characters[index + 1]))
                {
                    index += 1
                }
                let name = String(String.UnicodeScalarView(characters[start..<index]))
                tokens.append(
                    Token(kind: keywords.contains(name) ? .keyword(name) : .identifier(name), offset: start, text: name)
                )
                continue
            }
            if c == "'" {
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                guard closed else {
                    throw CatalogueDiagnostic(
                        "text not closed: a ' is missing (write '' for a quote inside text)", at: locate(start))
                }
                tokens.append(
                    Token(
                        kind: .text(String(value)), offset: start,
                        text: String(String.UnicodeScalarView(characters[start..<index]))))
                continue
            }
            let two = index + 1 < characters.count ? String(String.UnicodeScalarView([c, characters[index + 1]])) : ""
            if ["<=", ">=", "<>", "!="].contains(two) {
                tokens.append(Token(kind: .symbol(two), offset: start, text: two))
                index += 2
                continue
            }
            if "+-*/=<>(),".unicodeScalars.contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), offset: start, text: String(c)))
                index += 1
                continue
            }
            if c == "\"" {
                throw CatalogueDiagnostic(
                    "text is written in single quotes ('poor'), not double quotes", at: locate(start))
            }
            throw CatalogueDiagnostic("unexpected character '\(c)' in an expression", at: locate(start))
        }
        tokens.append(Token(kind: .end, offset: characters.count, text: ""))
        return tokens
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
