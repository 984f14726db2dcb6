extension ShippedCatalogue {
    /// The ids of the shipped catalogue's entries, parsed once (ShippedCatalogue.swift is generated
    /// by scripts/embed-catalogue; this file is not).
    public static let ids: Set<String> = Set(load().indicators.map(\.id))
}
