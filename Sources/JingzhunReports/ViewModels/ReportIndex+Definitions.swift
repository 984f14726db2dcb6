import JingzhunCore

extension ReportIndex {
    /// Every indicator the definitions page lists: indicators.md's 42 (Core's registry, in its
    /// order), then the shipped indicators beyond them (`mpi_guarantees`' ids, returns to poverty
    /// within two years; issue 18), then what the pipeline's own catalogue adds, each in catalogue
    /// order. An id met twice is listed once, where it first appears.
    var catalogueDefinitions: [IndicatorDefinition] {
        var seen = Set<String>()
        return (IndicatorCatalogue.definitions + data.beyondContractIndicators + data.addedIndicators)
            .filter { seen.insert($0.id).inserted }
    }
}
