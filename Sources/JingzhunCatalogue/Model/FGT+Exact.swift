extension FGT {
    /// Whether the FGT is computed from exact sums in every engine (docs/catalogue.md, "Exact FGT
    /// sums"): welfare `pcni`, weight `size` and a line of parameters and literals only (one value
    /// per year), as the shipped `poverty_gap_index` and `poverty_severity_index` are. Each
    /// household's term is then a whole number (α 0, 1) or a number rounded once, half up, at a
    /// fixed scale (α 2), summed exactly, so the value does not depend on the order of the rows.
    public var hasExactSums: Bool {
        FGT.names(welfare, "pcni") && FGT.names(weight, "size") && FGT.isConstant(line) && (0...2).contains(alpha)
    }

    /// The scale of α 2's terms: G² / size is rounded to 10⁻⁶ fen².
    public static let severityTermScale: Int64 = 1_000_000

    private static func names(_ expr: Expr, _ field: String) -> Bool {
        switch expr.node {
        case .name(let name): name == field
        case .field(let owner, let name): owner == .household && name == field
        default: false
        }
    }

    private static func isConstant(_ expr: Expr) -> Bool {
        switch expr.node {
        case .literal, .parameter: true
        case .name(let name): Parameter(rawValue: name) != nil
        case .unary(_, let operand): isConstant(operand)
        case .binary(_, let a, let b): isConstant(a) && isConstant(b)
        case .call(_, let arguments): arguments.allSatisfy(isConstant)
        default: false
        }
    }
}
