public import JingzhunCore

/// One province-year cut into parts of consecutive households, each with its own members, so that
/// compute's working columns (the catalogue's columns, the identity entries) follow the size of a
/// part rather than of the province.
///
/// A part is a `ProvinceYearData` of households `a..<b` and the members of those households; the
/// first part also carries the province's counties and villages (tallied once), the others none.
/// Parts keep the rows' order, so every per-county sum adds its terms in the order of the whole
/// province (the catalogue's Double sums stay bit for bit the same; docs/performance.md).
///
/// The cut needs the members grouped by household in household order (`householdIndex` never
/// decreasing), which is how ingest stores them (XML nests members in their household; CSV rows
/// are stored in household order). When they are not, or when the province fits in one part, the
/// province is one part, the whole of it.
public struct ProvinceParts: Sequence {
    public let province: ProvinceYearData
    /// Households per part (at least 1).
    public let householdsPerPart: Int
    /// Member row where each household's members start, plus the end; nil when the province is one part.
    private let memberStarts: [Int]?

    public init(_ province: ProvinceYearData, householdsPerPart: Int) {
        precondition(householdsPerPart >= 1, "a part holds at least one household")
        self.province = province
        self.householdsPerPart = householdsPerPart
        memberStarts =
            province.households.count <= householdsPerPart
            ? nil : Self.memberStarts(province.members.householdIndex, households: province.households.count)
    }

    /// Whether the province is cut (more than one part).
    public var isCut: Bool { memberStarts != nil }

    /// For members grouped in household order, where each household's members start (count + 1
    /// entries); nil when the grouping does not hold.
    static func memberStarts(_ householdIndex: [Int32], households: Int) -> [Int]? {
        var starts = [Int](repeating: 0, count: households + 1)
        var next = 0  // the first household whose start is not yet known
        for (member, household) in householdIndex.enumerated() {
            let position = Int(household)
            guard position >= next - 1, position < households else { return nil }  // an earlier household
            while next <= position {
                starts[next] = member
                next += 1
            }
        }
        while next <= households {
            starts[next] = householdIndex.count
            next += 1
        }
        return starts
    }

    public func makeIterator() -> Iterator { Iterator(parts: self) }

    public struct Iterator: IteratorProtocol {
        let parts: ProvinceParts
        var nextHousehold = 0
        var isDone = false

        public mutating func next() -> ProvinceYearData? {
            guard !isDone else { return nil }
            guard let starts = parts.memberStarts else {
                isDone = true
                return parts.province
            }
            let count = parts.province.households.count
            let households = nextHousehold..<(nextHousehold + Swift.min(parts.householdsPerPart, count - nextHousehold))
            let isFirst = nextHousehold == 0
            nextHousehold = households.upperBound
            if nextHousehold >= count { isDone = true }
            return parts.part(
                households, members: starts[households.lowerBound]..<starts[households.upperBound],
                isFirst: isFirst)
        }
    }

    func part(_ households: Range<Int>, members: Range<Int>, isFirst: Bool) -> ProvinceYearData {
        let whole = province
        var data = ProvinceYearData(key: whole.key, counts: whole.counts)
        if isFirst {
            data.counties = whole.counties
            data.villages = whole.villages
        }
        data.households = whole.households.slice(households)
        data.members = whole.members.slice(members, firstHousehold: Int32(households.lowerBound))
        return data
    }
}

extension MemberColumns {
    /// Members `range`, in order, their `householdIndex` made relative to `firstHousehold`.
    func slice(_ range: Range<Int>, firstHousehold: Int32) -> MemberColumns {
        var part = slice(range)
        part.householdIndex = householdIndex[range].map { $0 - firstHousehold }
        return part
    }
}
