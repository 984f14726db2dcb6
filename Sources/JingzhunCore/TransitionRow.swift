/// A household's place in one year of a pair of consecutive years (动态管理, docs/indicators.md
/// §Household dynamics): its registry status at year end, or its absence from that year's registry.
///
/// `new` occurs only as the state of the first year (the household is in the second year only),
/// `gone` only as the state of the second year (in the first year only).
public enum TransitionState: String, CaseIterable, Sendable, Hashable {
    case poor, exited, returned, removed, new, gone

    /// The state a registry status stands for.
    public init(_ status: HouseholdStatus) {
        switch status {
        case .poor: self = .poor
        case .exited: self = .exited
        case .returned: self = .returned
        case .removed: self = .removed
        }
    }

    /// States of the first year, in the matrix's reading order (statuses, then `new`).
    public static let fromStates: [TransitionState] = [.poor, .exited, .returned, .removed, .new]
    /// States of the second year, in the matrix's reading order (statuses, then `gone`).
    public static let toStates: [TransitionState] = [.poor, .exited, .returned, .removed, .gone]
}

/// One cell of the transition matrix of an area between year − 1 and year
/// (`exports/transitions.csv`, docs/indicators.md §Household dynamics).
public struct TransitionRow: Sendable, Hashable {
    /// The second year of the pair; the first is `year − 1`.
    public var year: Int32
    public var level: AreaLevel
    public var areaCode: String
    public var from: TransitionState
    public var to: TransitionState
    /// Households matched on (province, household number) with these states.
    public var households: Int64
    /// Their members in year − 1; nil when `from` is `new` (not registered then).
    public var populationFrom: Int64?
    /// Their members in year; nil when `to` is `gone`.
    public var populationTo: Int64?

    public init(
        year: Int32, level: AreaLevel, areaCode: String, from: TransitionState, to: TransitionState,
        households: Int64, populationFrom: Int64?, populationTo: Int64?
    ) {
        self.year = year
        self.level = level
        self.areaCode = areaCode
        self.from = from
        self.to = to
        self.households = households
        self.populationFrom = populationFrom
        self.populationTo = populationTo
    }
}
