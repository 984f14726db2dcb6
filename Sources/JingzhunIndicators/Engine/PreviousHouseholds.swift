public import JingzhunCore

/// What year y needs of one province's households of year y − 1: the panel (income growth, returns
/// to poverty within two years) and the household transitions, all matched by household number.
///
/// Built from the province's y − 1 records given whole or part by part (`add`), it keeps a few
/// values per household and none of the members: about 60 bytes per household (the household
/// number in a hash map, its status, county, size, net income and exit flag), against the
/// ≈ 75 bytes per member and 150 per household of the records themselves.
public struct PreviousHouseholds: Sendable {
    /// Year y − 1.
    public let year: Int32
    public let province: Int32
    /// Household number → position of its first record (every status; the transitions' match).
    private(set) var firstPosition: [String: Int32] = [:]
    /// Only when a household number repeats (ingest refuses it): number → position of its last
    /// record outside status `removed` (the panel's match, as before). Empty otherwise.
    private var lastPositionInH: [String: Int32] = [:]
    private var hasRepeatedNumbers = false
    var status: [HouseholdStatus] = []
    var county: [Int32] = []
    /// size(h) in y − 1 (accepted member records).
    var size: [Int64] = []
    var netFen: [Int64] = []
    /// Status `exited` with exit_year ≥ y − 2 in the y − 1 record: an exit of y − 2 or y − 1 still in
    /// force at the end of y − 1 (docs/indicators.md §Returns to poverty within two years).
    var isRecentExit: [Bool] = []
    /// Statistics rows of the province's counties in y − 1 (rural income growth).
    public private(set) var counties = CountyColumns()

    public init(year: Int32, province: Int32) {
        self.year = year
        self.province = province
    }

    /// The whole province-year `data` at once.
    public init(_ data: ProvinceYearData) {
        self.init(year: data.key.year, province: data.key.province)
        add(counties: data.counties)
        add(part: data)
    }

    public var count: Int { status.count }

    /// Adds the province's county statistics of y − 1.
    public mutating func add(counties more: CountyColumns) {
        counties.countyCode += more.countyCode
        counties.ruralPopulation += more.ruralPopulation
        counties.ruralIncomeFen += more.ruralIncomeFen
        counties.sourceLine += more.sourceLine
    }

    /// Adds the next households of y − 1, in order, with all of their members (a `ProvinceParts`
    /// part, or the whole province).
    public mutating func add(part: ProvinceYearData) {
        precondition(
            part.key.year == year && part.key.province == province,
            "records of \(part.key.province), \(part.key.year) added to y − 1 of \(province), \(year)")
        let households = part.households
        var memberCounts = [Int64](repeating: 0, count: households.count)
        for household in part.members.householdIndex { memberCounts[Int(household)] += 1 }
        // The record of y−1 names an exit "within two years" of y when its exit year is y−2 or later.
        let earliestExitYear = year - 1
        firstPosition.reserveCapacity(count + households.count)
        for household in 0..<households.count {
            let position = Int32(count)
            let number = households.householdID[household]
            let status = households.status[household]
            if firstPosition[number] == nil {
                firstPosition[number] = position
            } else if !hasRepeatedNumbers {
                hasRepeatedNumbers = true
                rebuildPanelMap()
            }
            if hasRepeatedNumbers && status != .removed { lastPositionInH[number] = position }
            self.status.append(status)
            county.append(AreaCode.county(ofVillage: households.villageCode[household]))
            size.append(memberCounts[household])
            netFen.append(households.netFen(household))
            let exitYear = households.exitYear[household]
            isRecentExit.append(status == .exited && exitYear.map { $0 >= earliestExitYear } == true)
        }
    }

    /// The panel's map over the households seen so far, from `firstPosition` (no number repeated yet).
    private mutating func rebuildPanelMap() {
        for (number, position) in firstPosition where status[Int(position)] != .removed {
            lastPositionInH[number] = position
        }
    }

    /// The household of H(y − 1) with this number (the last record of it outside `removed`).
    @inline(__always)
    func panelMatch(_ number: String) -> Int? {
        if hasRepeatedNumbers { return lastPositionInH[number].map(Int.init) }
        guard let position = firstPosition[number], status[Int(position)] != .removed else { return nil }
        return Int(position)
    }
}
