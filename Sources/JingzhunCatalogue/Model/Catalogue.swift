import JingzhunCore

/// A checked indicator catalogue: the indicators of one or more catalogue files, in file order
/// (catalogue.md). Built by `CatalogueLoader`; every reference in it resolves and no cycle exists.
public struct Catalogue: Sendable, Hashable {
    /// Format version (1).
    public var version: Int
    /// Every indicator, in the order of the files and within each file.
    public var indicators: [IndicatorSpec]
    /// The files the catalogue was read from, in order (as given to the loader).
    public var files: [String]

    public init(version: Int = 1, indicators: [IndicatorSpec], files: [String]) {
        self.version = version
        self.indicators = indicators
        self.files = files
        positions = Dictionary(
            indicators.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    private var positions: [String: Int]

    /// The indicator whose entry has this id.
    public func indicator(_ id: String) -> IndicatorSpec? { positions[id].map { indicators[$0] } }

    /// Every exported id (an `af` entry exports several), sorted bytewise: the row order of
    /// `exports/indicators.csv` within an area (indicators.md §Export format).
    public var exportOrder: [String] {
        indicators.flatMap(\.exportedIDs).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The indicators that are not in the shipped catalogue (pipelines/catalogue.yaml, which holds
    /// indicators.md's 42, the index `mpi_guarantees` and `returned_within_two_years_pct`): reports
    /// list these in a table of their own.
    public var addedIndicators: [IndicatorSpec] {
        indicators.filter { !ShippedCatalogue.ids.contains($0.id) }
    }
}
