// The records of one (province, year) in force, as the store hands them to compute, and the
// national reference data compute needs (indicators.md §Reference data).

/// The accepted records of the latest accepted revision of one (province, year).
///
/// The store produces one per province and year in force; compute (JingzhunIndicators) reads it.
/// Invariants the producer keeps: every `members.householdIndex[m]` is a valid index into
/// `households`; codes belong to `key.province`; household numbers are unique in the value.
/// Compute does not rely on the last two for memory safety, only for meaning.
public struct ProvinceYearData: Sendable, Equatable {
    /// Which submission is in force (province, year, revision).
    public var key: SubmissionKey
    public var counties: CountyColumns
    public var villages: VillageColumns
    public var households: HouseholdColumns
    /// Members; `householdIndex` indexes into `households`.
    public var members: MemberColumns
    /// Counts of the submission in force (received / rejected households for data quality).
    public var counts: SubmissionCounts

    public init(
        key: SubmissionKey, counties: CountyColumns = CountyColumns(), villages: VillageColumns = VillageColumns(),
        households: HouseholdColumns = HouseholdColumns(), members: MemberColumns = MemberColumns(),
        counts: SubmissionCounts = SubmissionCounts()
    ) {
        self.key = key
        self.counties = counties
        self.villages = villages
        self.households = households
        self.members = members
        self.counts = counts
    }
}

/// National reference statistics per year, shipped with the pipeline (indicators.md).
///
/// A year missing from a map means "not known": indicators that need it are null and compute
/// warns (`RuleCode.referenceDataMissing`, W005).
public struct NationalReference: Sendable, Equatable {
    /// Poverty line in yuan per person per year at current prices (`poverty_line(y)`).
    public var povertyLine: [Int32: Double]
    /// National rural per-capita disposable income in yuan (`national_rural_income(y)`).
    public var nationalRuralIncome: [Int32: Double]

    public init(povertyLine: [Int32: Double] = [:], nationalRuralIncome: [Int32: Double] = [:]) {
        self.povertyLine = povertyLine
        self.nationalRuralIncome = nationalRuralIncome
    }
}
