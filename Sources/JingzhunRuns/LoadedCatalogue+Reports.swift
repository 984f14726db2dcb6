import JingzhunCatalogue
import JingzhunCore

extension LoadedCatalogue {
    /// The indicators the pipeline's catalogue adds to the shipped one, as the reports' table of
    /// added indicators shows them (`ReportData.addedIndicators`): one definition per exported
    /// id, in catalogue order. An Alkire–Foster entry exports several ids; each gets the entry's
    /// label with what it measures (H, A, M0, each dimension's censored headcount and
    /// contribution), its unit for H, A, M0 and the censored ratios, and `pct` for contributions.
    public var addedDefinitions: [IndicatorDefinition] {
        Self.definitions(of: catalogue.addedIndicators)
    }

    /// The shipped indicators beyond indicators.md's 42 that the pipeline's catalogue holds
    /// (`mpi_guarantees`, `returned_within_two_years_pct`), one definition per exported id, in
    /// catalogue order, as `addedDefinitions` makes them: the definitions page lists them after
    /// indicators.md's (`ReportData.beyondContractIndicators`).
    public var beyondContractDefinitions: [IndicatorDefinition] {
        Self.definitions(
            of: catalogue.indicators.filter {
                ShippedCatalogue.ids.contains($0.id) && IndicatorCatalogue.definition($0.id) == nil
            })
    }

    /// One definition per exported id of `specs`, in their order (see `addedDefinitions`).
    static func definitions(of specs: [IndicatorSpec]) -> [IndicatorDefinition] {
        specs.flatMap { spec -> [IndicatorDefinition] in
            let formula = Definition.text(of: spec)
            func definition(_ id: String, _ english: String, _ chinese: String, unit: IndicatorUnit? = nil)
                -> IndicatorDefinition
            {
                IndicatorDefinition(
                    id: id, summary: spec.label + english, unit: unit ?? spec.unit, levels: spec.levels,
                    decimals: unit.map(\.defaultDecimals) ?? spec.decimals, formula: formula,
                    labelChinese: spec.labelZh.map { $0 + chinese })
            }
            guard case .af(let af) = spec.kind else { return [definition(spec.id, "", "")] }
            var result = [
                definition(spec.id + "_h", ": incidence (H)", "：发生率 (H)"),
                definition(spec.id + "_a", ": intensity (A)", "：强度 (A)"),
                definition(spec.id + "_m0", ": adjusted headcount ratio (M0)", "：调整后发生率 (M0)"),
            ]
            for dimension in af.dimensions {
                result.append(
                    definition(
                        spec.id + "_censored_" + dimension.id, ": censored headcount, \(dimension.id)",
                        "：删失发生率，\(dimension.id)"))
                result.append(
                    definition(
                        spec.id + "_contribution_" + dimension.id, ": contribution of \(dimension.id)",
                        "：\(dimension.id) 贡献率", unit: .percent))
            }
            return result
        }
    }
}
