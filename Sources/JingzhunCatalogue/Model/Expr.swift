public import JingzhunCore

/// An expression of the catalogue language, with where it was written (catalogue.md §Expressions).
///
/// The parser produces `.name` for every identifier; the checker resolves each to `.field`,
/// `.parameter` or `.indicator` and sets `type`. After `CatalogueChecker` has accepted a
/// catalogue, no `.name` is left and every `type` is set.
public struct Expr: Sendable, Hashable {
    public var node: Node
    /// file:line:column of the expression's first character.
    public var location: SourceLocation
    /// Set by the checker; nil before.
    public var type: ValueType?

    public init(_ node: Node, at location: SourceLocation, type: ValueType? = nil) {
        self.node = node
        self.location = location
        self.type = type
    }

    public indirect enum Node: Sendable, Hashable {
        case literal(Literal)
        /// An identifier as written (`size`, `household.labor`), before the checker resolves it.
        case name(String)
        /// A field of an entity. `owner` is `.household` for a member expression's `household.F`.
        case field(owner: Entity, name: String)
        case parameter(Parameter)
        /// Another indicator's value for the same area and year (formulas only).
        case indicator(String)
        /// `prev(id)`: the same area's value of indicator `id` in year − 1 (formulas only).
        case previous(String)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `x in (a, b, …)`; `x not in (…)` when `negated`.
        case inList(Expr, [Expr], negated: Bool)
        /// `x is null`; `x is not null` when `negated`.
        case isNull(Expr, negated: Bool)
        /// `if`, `min`, `max`, `abs` (`prev` becomes `.previous`).
        case call(Function, [Expr])
    }
}

/// A literal value.
public enum Literal: Sendable, Hashable {
    case integer(Int64)
    case decimal(ExactDecimal)
    case text(String)
    case boolean(Bool)
    case null
}

/// An exact decimal written in a catalogue: `significand / 10^scale` (`1.1` is 11 / 10¹).
public struct ExactDecimal: Sendable, Hashable, CustomStringConvertible {
    public var significand: Int64
    /// Digits after the decimal point, 0...18.
    public var scale: Int

    public init(significand: Int64, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int64) { self.init(significand: integer, scale: 0) }

    /// The nearest double.
    public var doubleValue: Double {
        var divisor = 1.0
        for _ in 0..<scale { divisor *= 10 }
        return Double(significand) / divisor
    }

    /// Whether the value is a whole number.
    public var isInteger: Bool {
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        return significand % divisor == 0
    }

    /// As written in SQL and in the docs: `1.1`, `100`, `-0.05`.
    public var description: String {
        guard scale > 0 else { return String(significand) }
        let digits = String(significand.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return (significand < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }
}

/// An exact fraction (Alkire–Foster weights and cutoff: `1/3`, `0.25`), always reduced, denominator > 0.
public struct Fraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    public private(set) var numerator: Int64
    public private(set) var denominator: Int64

    /// Nil when `denominator` is 0 or the reduced terms do not fit.
    public init?(numerator: Int64, denominator: Int64) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        var (n, d) = denominator < 0 ? (-numerator, -denominator) : (numerator, denominator)
        let g = Fraction.gcd(n.magnitude, d.magnitude)
        if g > 1 {
            n /= Int64(g)
            d /= Int64(g)
        }
        self.numerator = n
        self.denominator = d
    }

    public static let zero = Fraction(numerator: 0, denominator: 1)!
    public static let one = Fraction(numerator: 1, denominator: 1)!

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// The exact sum, or nil on overflow.
    public func adding(_ other: Fraction) -> Fraction? {
        let (left, o1) = numerator.multipliedReportingOverflow(by: other.denominator)
        let (right, o2) = other.numerator.multipliedReportingOverflow(by: denominator)
        let (sum, o3) = left.addingReportingOverflow(right)
        let (den, o4) = denominator.multipliedReportingOverflow(by: other.denominator)
        guard !(o1 || o2 || o3 || o4) else { return nil }
        return Fraction(numerator: sum, denominator: den)
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    public static func < (a: Fraction, b: Fraction) -> Bool {
        // Exact: compare a.n·b.d with b.n·a.d in 128 bits.
        let left = a.numerator.multipliedFullWidth(by: b.denominator)
        let right = b.numerator.multipliedFullWidth(by: a.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }

    public var description: String { denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)" }
}

public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and, or

    public var isArithmetic: Bool { self == .add || self == .subtract || self == .multiply || self == .divide }
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
    public var isLogical: Bool { self == .and || self == .or }
}
