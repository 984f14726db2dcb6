import JingzhunCore

/// The areas of one year as dense integer indices, with each county's parents.
///
/// indicators.md: the areas of year y are every county that has accepted county statistics or
/// households in y, and the prefectures, provinces and nation above them. `IndicatorAccumulator`
/// collects the county codes province by province and builds this index at `finish`; roll-up runs
/// on these indices (arrays, not dictionaries keyed by strings); codes become strings only for output.
struct AreaIndex: Sendable {
    /// County codes, ascending.
    let countyCodes: [Int32]
    /// Prefecture codes (4 digits), ascending.
    let prefectureCodes: [Int32]
    /// Province codes (2 digits), ascending.
    let provinceCodes: [Int32]
    /// For each county position, its prefecture position.
    let prefectureOfCounty: [Int]
    /// For each prefecture position, its province position.
    let provinceOfPrefecture: [Int]
    private let countyPositions: [Int32: Int]

    init(countyCodes codes: Set<Int32>) {
        countyCodes = codes.sorted()
        countyPositions = Dictionary(uniqueKeysWithValues: countyCodes.enumerated().map { ($0.element, $0.offset) })
        prefectureCodes = Set(countyCodes.map(AreaCode.prefecture(ofCounty:))).sorted()
        provinceCodes = Set(prefectureCodes.map { $0 / 100 }).sorted()
        let prefecturePositions = Dictionary(
            uniqueKeysWithValues: prefectureCodes.enumerated().map { ($0.element, $0.offset) })
        let provincePositions = Dictionary(
            uniqueKeysWithValues: provinceCodes.enumerated().map { ($0.element, $0.offset) })
        // Force unwraps: both tables were built from these very codes just above.
        prefectureOfCounty = countyCodes.map { prefecturePositions[AreaCode.prefecture(ofCounty: $0)]! }
        provinceOfPrefecture = prefectureCodes.map { provincePositions[$0 / 100]! }
    }

    func countyPosition(_ code: Int32) -> Int? { countyPositions[code] }

    func provincePosition(_ code: Int32) -> Int? {
        var lower = 0
        var upper = provinceCodes.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if provinceCodes[middle] < code { lower = middle + 1 } else { upper = middle }
        }
        return lower < provinceCodes.count && provinceCodes[lower] == code ? lower : nil
    }
}
