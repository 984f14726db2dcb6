import JingzhunCore

extension IndicatorAccumulator {
    /// The warnings `finish()` reports for `year` that depend on the reference data alone (a
    /// missing poverty line or national rural income): what an engine that computes the values
    /// elsewhere (compute's Spark engine) reports in the same words.
    public static func referenceWarnings(year: Int32, reference: NationalReference) -> [Diagnostic] {
        YearComputation.referenceWarnings(year: year, reference: reference)
    }
}
