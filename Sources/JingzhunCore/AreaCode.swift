// Division codes (GB/T 2260) and the four aggregation levels of indicators.md.

/// Aggregation level of an indicator row.
public enum AreaLevel: String, CaseIterable, Sendable, Hashable, Comparable {
    case nation, province, prefecture, county
    /// indicators.md §Export format: level order is nation, province, prefecture, county.
    public static func < (a: AreaLevel, b: AreaLevel) -> Bool { a.ordinal < b.ordinal }
    /// Position in the export order (used in every row comparison of the export sort, so a switch,
    /// not a search of `allCases`).
    public var ordinal: Int {
        switch self {
        case .nation: 0
        case .province: 1
        case .prefecture: 2
        case .county: 3
        }
    }
}

/// Helpers over numeric division codes. Codes are kept as integers in memory (fast grouping)
/// and written as decimal strings (all GB/T 2260 codes start with 1-6, so no leading zero is lost).
public enum AreaCode {
    /// Code of the nation in indicator rows.
    public static let nation = "CN"
    /// Province (2 digits) of a 6-digit county code.
    public static func province(ofCounty county: Int32) -> Int32 { county / 10_000 }
    /// Prefecture (4 digits) of a 6-digit county code.
    public static func prefecture(ofCounty county: Int32) -> Int32 { county / 100 }
    /// County (6 digits) of a 12-digit village code.
    public static func county(ofVillage village: Int64) -> Int32 { Int32(village / 1_000_000) }
    /// Western provinces (indicators.md): exit threshold 3% instead of 2%.
    public static let westernProvinces: Set<Int32> = [15, 45, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
    public static func isWestern(province: Int32) -> Bool { westernProvinces.contains(province) }
    /// indicators.md §County exit: 3 for western provinces, else 2 (percent).
    public static let westernExitThresholdPct = 3.0
    public static let exitThresholdPct = 2.0
    public static func exitThresholdPct(province: Int32) -> Double {
        isWestern(province: province) ? westernExitThresholdPct : exitThresholdPct
    }
    /// Parses exactly `digits` ASCII digits (no sign, no whitespace).
    public static func parseDigits(_ bytes: some Collection<UInt8>, count digits: Int) -> Int64? {
        guard bytes.count == digits else { return nil }
        var value: Int64 = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int64(b - 0x30)
        }
        return value
    }
}
