import JingzhunCatalogue

extension Builtin {
    /// Whether `YearComputation.builtinValues` computes it. `rural_income` and
    /// `county_exit_eligible` are written in the shipped catalogue as a ratio and a formula; a
    /// `builtin` entry naming them is compiled from those definitions (`CatalogueProgram`).
    var isComputedInCode: Bool {
        switch self {
        case .ruralIncome, .countyExitEligible: false
        default: true
        }
    }
}
