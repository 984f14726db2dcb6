public import JingzhunCore

/// What year y needs of one province's households of year y − 1: the panel (income growth, returns
/// to poverty within two years) and the household transitions, all matched by household number.
///
/// Built from the province's y − 1 records given whole or part by part (`add`), it keeps a few
/// values per household and none of the members: about 45 bytes per household with its number
/// of 17 bytes (the number's bytes in an arena and a 4-byte end, ≈ 8 bytes of hash slots, status,
/// county, size, net income and exit flag; `HouseholdNumberIndex`), against the ≈ 75 bytes per
/// member and 150 per household of the records themselves (docs/performance.md).
public struct PreviousHouseholds: Sendable {
    /// Year y − 1.
    public let year: Int32
    public let province: Int32
    /// The distinct household numbers, indexed in order of first appearance.
    private var numbers = HouseholdNumberIndex()
    /// Position of each number's first record (every status; the transitions' match); nil while
    /// no number repeats, when number k's first record is position k.
    private var firstPositions: [Int32]? = nil
    /// Only when a household number repeats (ingest refuses it): per number, the position of its
    /// last record outside status `removed`, or −1 (the panel's match, as before). Empty otherwise.
    private var lastPositionInH: [Int32] = []
    private var hasRepeatedNumbers: Bool { firstPositions != nil }
    var status: [HouseholdStatus] = []
    var county: [Int32] = []
    /// size(h) in y − 1 (accepted member records).
    var size: [Int32] = []
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

    /// Room for `households` records without growing (the count is known from the store).
    public mutating func reserveCapacity(_ households: Int) {
        numbers.reserveCapacity(households)
        status.reserveCapacity(households)
        county.reserveCapacity(households)
        size.reserveCapacity(households)
        netFen.reserveCapacity(households)
        isRecentExit.reserveCapacity(households)
    }

    /// Adds the next households of y − 1, in order, with all of their members (a `ProvinceParts`
    /// part, or the whole province).
    public mutating func add(part: ProvinceYearData) {
        precondition(
            part.key.year == year && part.key.province == province,
            "records of \(part.key.province), \(part.key.year) added to y − 1 of \(province), \(year)")
        var memberCounts = [Int32](repeating: 0, count: part.households.count)
        for household in part.members.householdIndex { memberCounts[Int(household)] += 1 }
        add(households: part.households, memberCounts: memberCounts)
    }

    /// Adds the next households of y − 1, in order, with the number of members of each
    /// (`ProvinceYearParts.forEachHouseholdPart`: the members themselves are not read).
    public mutating func add(households: HouseholdColumns, memberCounts: [Int32]) {
        precondition(memberCounts.count == households.count, "one member count per household")
        // The record of y−1 names an exit "within two years" of y when its exit year is y−2 or later.
        let earliestExitYear = year - 1
        for household in 0..<households.count {
            let position = Int32(count)
            let status = households.status[household]
            let (number, isNew) = numbers.insert(households.householdID[household])
            if isNew {
                firstPositions?.append(position)
                if hasRepeatedNumbers { lastPositionInH.append(-1) }
            } else if !hasRepeatedNumbers {
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

    /// The first repeat of a number: until now number k's first record was position k; the
    /// panel's map over the households seen so far follows from it.
    private mutating func rebuildPanelMap() {
        firstPositions = (0..<numbers.count).map { Int32($0) }
        lastPositionInH = (0..<numbers.count).map { status[$0] != .removed ? Int32($0) : -1 }
    }

    /// The household of y − 1 with this number: the position of its first record (any status).
    @inline(__always)
    func firstMatch(_ number: String) -> Int? {
        guard let index = numbers.index(of: number) else { return nil }
        return firstPositions.map { Int($0[index]) } ?? index
    }

    /// The household of H(y − 1) with this number (the last record of it outside `removed`).
    @inline(__always)
    func panelMatch(_ number: String) -> Int? {
        guard let index = numbers.index(of: number) else { return nil }
        if hasRepeatedNumbers { return lastPositionInH[index] >= 0 ? Int(lastPositionInH[index]) : nil }
        return status[index] != .removed ? index : nil
    }
}
