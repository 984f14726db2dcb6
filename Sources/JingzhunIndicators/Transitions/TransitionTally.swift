public import JingzhunCore

/// Counts the transition matrix of households between year − 1 and year (动态管理), per area.
///
/// docs/indicators.md §Household dynamics: households are matched on (province, household
/// number), the number being stable across years (submissions.md §Households). A household in
/// both years goes from its status of year − 1 to its status of year; one in year only comes
/// from `new`; one in year − 1 only goes to `gone`. Removed households are counted (they are
/// statuses of the registry), unlike H of the catalogue. A household is placed by its village
/// of the year (of year − 1 when `gone`), and higher levels add up their counties. Only
/// provinces with a submission in force in both years are fed in (the caller's duty): a missing
/// year would make every household look new or gone.
///
/// So, per area, Σ households over rows with `from` ≠ `new` = households of year − 1 and
/// Σ households over rows with `to` ≠ `gone` = households of year (removed ones included).
/// - Complexity: O(households of both years) per province; memory O(households of year − 1) for
///   the match while adding (`PreviousHouseholds`, no member), then 25 counters per county.
public struct TransitionTally: Sendable {
    /// The second year of the pair.
    public let year: Int32
    private var counties: [Int32: [Cell]] = [:]

    private struct Cell: Sendable {
        var households: Int64 = 0
        var populationFrom: Int64 = 0
        var populationTo: Int64 = 0
        mutating func add(_ other: Cell) {
            households += other.households
            populationFrom += other.populationFrom
            populationTo += other.populationTo
        }
    }

    private static let width = TransitionState.toStates.count
    private static let cellCount = TransitionState.fromStates.count * width

    public init(year: Int32) { self.year = year }

    /// Whether no household has been added.
    public var isEmpty: Bool { counties.isEmpty }

    /// Adds one province's households of year − 1 (`previous`) and year (`current`).
    public mutating func add(previous: ProvinceYearData, current: ProvinceYearData) {
        precondition(
            previous.key.province == current.key.province && previous.key.year == year - 1 && current.key.year == year,
            "TransitionTally.add: the two registries must be one province's year − 1 and year")
        let before = PreviousHouseholds(previous)
        var matched = [Bool](repeating: false, count: before.count)
        add(previous: before, matched: &matched, current: current)
        addGone(previous: before, matched: matched)
    }

    /// Adds the next households of year (a part of the province, with its members) against the
    /// province's year − 1; `matched` (one flag per household of `previous`, all false at first)
    /// records which year − 1 households were met. Then `addGone` once, after the last part.
    public mutating func add(previous: PreviousHouseholds, matched: inout [Bool], current: ProvinceYearData) {
        precondition(
            previous.province == current.key.province && previous.year == year - 1 && current.key.year == year,
            "TransitionTally.add: the two registries must be one province's year − 1 and year")
        precondition(matched.count == previous.count, "one matched flag per household of year − 1")
        let sizesNow = Self.sizes(current)
        let now = current.households
        for household in 0..<now.count {
            let to = TransitionState(now.status[household])
            var cell = Cell(households: 1, populationTo: sizesNow[household])
            let from: TransitionState
            if let match = previous.firstMatch(now.householdID[household]), !matched[match] {
                matched[match] = true
                from = TransitionState(previous.status[match])
                cell.populationFrom = Int64(previous.size[match])
            } else {
                from = .new
            }
            add(cell, from: from, to: to, county: AreaCode.county(ofVillage: now.villageCode[household]))
        }
    }

    /// Adds the households of year − 1 that no household of year matched (`to` gone).
    public mutating func addGone(previous: PreviousHouseholds, matched: [Bool]) {
        for household in 0..<previous.count where !matched[household] {
            add(
                Cell(households: 1, populationFrom: Int64(previous.size[household])),
                from: TransitionState(previous.status[household]), to: .gone, county: previous.county[household])
        }
    }

    /// Every area's 24 cells (every pair of states but new → gone, zeros included), in export
    /// order: level (nation, province, prefecture, county), area code, then from and to state
    /// (bytewise). No rows when no household was added.
    public func rows() -> [TransitionRow] {
        guard !counties.isEmpty else { return [] }
        var prefectures: [Int32: [Cell]] = [:]
        var provinces: [Int32: [Cell]] = [:]
        var nation = [Cell](repeating: Cell(), count: Self.cellCount)
        for (county, cells) in counties {
            let prefecture = AreaCode.prefecture(ofCounty: county)
            let province = AreaCode.province(ofCounty: county)
            for index in cells.indices {
                prefectures[prefecture, default: Self.emptyCells][index].add(cells[index])
                provinces[province, default: Self.emptyCells][index].add(cells[index])
                nation[index].add(cells[index])
            }
        }
        var out: [TransitionRow] = []
        appendRows(nation, level: .nation, code: AreaCode.nation, to: &out)
        for (level, areas) in [(AreaLevel.province, provinces), (.prefecture, prefectures), (.county, counties)] {
            for code in areas.keys.sorted(by: { String($0).utf8.lexicographicallyPrecedes(String($1).utf8) }) {
                // Force unwrap: the code was just read from the dictionary's keys.
                appendRows(areas[code]!, level: level, code: String(code), to: &out)
            }
        }
        return out
    }

    // MARK: - Pieces

    private static var emptyCells: [Cell] { [Cell](repeating: Cell(), count: cellCount) }

    /// The (from, to) pairs of a matrix in export order (bytewise by state code), new → gone left out.
    private static let exportPairs: [(from: TransitionState, to: TransitionState, index: Int)] = {
        var pairs: [(from: TransitionState, to: TransitionState, index: Int)] = []
        for from in TransitionState.fromStates.sorted(by: {
            $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8)
        }) {
            for to in TransitionState.toStates.sorted(by: {
                $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8)
            })
            where !(from == .new && to == .gone) {
                pairs.append((from, to, cellIndex(from: from, to: to)))
            }
        }
        return pairs
    }()

    private static func cellIndex(from: TransitionState, to: TransitionState) -> Int {
        // Force unwraps: from is a first-year state and to a second-year state (asserted by the callers' construction).
        TransitionState.fromStates.firstIndex(of: from)! * width + TransitionState.toStates.firstIndex(of: to)!
    }

    private mutating func add(_ cell: Cell, from: TransitionState, to: TransitionState, county: Int32) {
        counties[county, default: Self.emptyCells][Self.cellIndex(from: from, to: to)].add(cell)
    }

    private func appendRows(_ cells: [Cell], level: AreaLevel, code: String, to out: inout [TransitionRow]) {
        for pair in Self.exportPairs {
            let cell = cells[pair.index]
            out.append(
                TransitionRow(
                    year: year, level: level, areaCode: code, from: pair.from, to: pair.to, households: cell.households,
                    populationFrom: pair.from == .new ? nil : cell.populationFrom,
                    populationTo: pair.to == .gone ? nil : cell.populationTo))
        }
    }

    /// Accepted member records per household (size(h) of indicators.md).
    private static func sizes(_ data: ProvinceYearData) -> [Int64] {
        var sizes = [Int64](repeating: 0, count: data.households.count)
        for household in data.members.householdIndex { sizes[Int(household)] += 1 }
        return sizes
    }
}
