import JingzhunCore

/// What compute produces for a set of years: indicator rows, breakdown rows and warnings.
///
/// Rows are sorted as the export requires (indicators.md §Export format): by year, level
/// (nation, province, prefecture, county), area code, then indicator id (bytewise) or
/// dimension and member (bytewise). Warnings are sorted by year.
public struct IndicatorResult: Sendable, Equatable {
    public var indicators: [IndicatorRow]
    public var breakdowns: [BreakdownRow]
    /// W005 `referenceDataMissing`, one per computed year whose reference data is incomplete.
    public var warnings: [Diagnostic]

    public init(indicators: [IndicatorRow] = [], breakdowns: [BreakdownRow] = [], warnings: [Diagnostic] = []) {
        self.indicators = indicators
        self.breakdowns = breakdowns
        self.warnings = warnings
    }

    /// Appends another result; keeps the order when `other` is for later years.
    public mutating func append(_ other: IndicatorResult) {
        indicators += other.indicators
        breakdowns += other.breakdowns
        warnings += other.warnings
    }
}

/// Computes every catalogue indicator and breakdown from the records in force (stage 3, compute).
///
/// Pure: no IO, no clock, no randomness, no dependence on Dictionary order. The input is, per
/// year, the `ProvinceYearData` of each province in force; year y also reads y−1 (panel income
/// growth, rural income growth), so callers that recompute only changed years pass y−1 as context
/// through `data` and name the years to compute in `yearsToCompute`.
///
/// These functions take whole years already in memory (tests, small data). They are thin wrappers
/// over `IndicatorAccumulator`, which the pipeline feeds one province at a time so that compute
/// never holds more than one province's records (see it for complexity and memory).
public enum IndicatorEngine {
    /// Computes every year in `years`.
    public static func compute(years: [Int32: [ProvinceYearData]], reference: NationalReference) -> IndicatorResult {
        compute(yearsToCompute: Set(years.keys), data: years, reference: reference)
    }

    /// Computes the years in `yearsToCompute` that have data; other years of `data` are context only.
    ///
    /// - Parameters:
    ///   - yearsToCompute: Years whose rows are wanted (a year without data yields nothing).
    ///   - data: Province data per year; include y−1 for every y to compute, or panel and rural
    ///     income growth of y are null.
    ///   - reference: Poverty line and national rural income per year.
    public static func compute(
        yearsToCompute: Set<Int32>, data: [Int32: [ProvinceYearData]], reference: NationalReference
    ) -> IndicatorResult {
        var result = IndicatorResult()
        for year in yearsToCompute.sorted() {
            guard let provinces = data[year] else { continue }
            result.append(
                compute(year: year, provinces: provinces, previousYear: data[year - 1] ?? [], reference: reference))
        }
        return result
    }

    /// Computes one year.
    ///
    /// - Parameters:
    ///   - provinces: The data in force for `year`, one value per province (any order).
    ///   - previousYear: The data in force for `year − 1` (may be empty).
    /// - Precondition: No province appears twice in `provinces`, and every value's `key.year` is `year`.
    public static func compute(
        year: Int32, provinces: [ProvinceYearData], previousYear: [ProvinceYearData], reference: NationalReference
    ) -> IndicatorResult {
        let accumulator = IndicatorAccumulator(year: year, reference: reference)
        var previousByProvince: [Int32: ProvinceYearData] = [:]
        for data in previousYear { previousByProvince[data.key.province] = data }
        let current = Set(provinces.map(\.key.province))
        // y−1 statistics of provinces that y lacks still take part, as they always did here.
        for data in previousYear where !current.contains(data.key.province) {
            accumulator.recordPreviousStatistics(data)
        }
        do {
            for data in provinces { try accumulator.add(data, previous: previousByProvince[data.key.province]) }
            return try accumulator.finish()
        } catch {
            preconditionFailure("identity runs held in memory cannot fail: \(error)")
        }
    }
}
