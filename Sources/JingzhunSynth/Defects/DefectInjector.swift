import JingzhunCore

/// Where an injected defect sits, so the writer can note its file and line.
enum DefectTarget {
    /// The household record itself (its `<household>` start line / households-file row).
    case household
    /// The household's member at this position (its `<member>` line / members-file row).
    case member(Int)
    /// An extra household row written just before the household (CSV duplicate id).
    case duplicateRowBefore([String?])
    /// An extra member row written after the household's members (CSV orphan).
    case orphanRowAfter([String?])
}

/// One defect applied to one household.
struct InjectedDefect {
    var kind: DefectKind
    var target: DefectTarget
    /// The household id as written in the offending record.
    var householdID: String
}

/// Decides which households get a defect and spoils them (submissions.md §Record-level validation).
///
/// Which households: each present household draws from its own (province, index, year) stream,
/// so the choice does not depend on generation order. Which defect: the next kind of the
/// format's cycle that applies to the household; the counter is the only state, plus the last
/// clean household (the source for duplicate ids and identity numbers).
struct DefectInjector {
    let seed: UInt64
    let province: Int32
    let year: Int32
    let rate: Double
    let isCSV: Bool
    let cycle: [DefectKind]
    private(set) var counter = 0
    /// The latest household written without a defect (accepted by the validator).
    var lastClean: GeneratedHousehold?

    init(seed: UInt64, province: Int32, year: Int32, rate: Double, isCSV: Bool) {
        self.seed = seed
        self.province = province
        self.year = year
        self.rate = rate
        self.isCSV = isCSV
        cycle = DefectKind.cycle(csv: isCSV)
    }

    /// Spoils `household` with probability `rate`; returns what was injected.
    mutating func inject(into household: inout GeneratedHousehold, generator: HouseholdGenerator) -> InjectedDefect? {
        guard rate > 0 else { return nil }
        var rng = SplitMix64(
            seed: seed, path: StreamTag.defect.rawValue, UInt64(province), UInt64(household.index), UInt64(year))
        guard rng.unit() < rate else { return nil }
        for _ in 0..<cycle.count {
            let kind = cycle[counter % cycle.count]
            counter += 1
            if let defect = apply(kind, to: &household, rng: &rng, generator: generator) { return defect }
        }
        preconditionFailure("DefectInjector: some kind (e.g. missing field) always applies")
    }

    private func apply(
        _ kind: DefectKind, to h: inout GeneratedHousehold, rng: inout SplitMix64, generator: HouseholdGenerator
    ) -> InjectedDefect? {
        let anyMember = rng.below(h.members.count)
        func onHousehold() -> InjectedDefect { InjectedDefect(kind: kind, target: .household, householdID: h.id) }
        func onMember(_ index: Int) -> InjectedDefect {
            InjectedDefect(kind: kind, target: .member(index), householdID: h.id)
        }

        switch kind {
        case .householdFieldMissing:
            h[.cause] = nil
            return onHousehold()
        case .householdNotInEnumeration:
            h[.cause] = "poverty"
            return onHousehold()
        case .householdBadBoolean:
            h[.safeWater] = "yes"
            return onHousehold()
        case .householdBadDecimal:
            h[.incomeWage] = "1,234.50"
            return onHousehold()
        case .householdBadInteger:
            h[.registeredYear] = (h[.registeredYear] ?? "2014") + ".0"
            return onHousehold()
        case .negativeWage:
            h[.incomeWage] = "-120.00"
            return onHousehold()
        case .registeredOutOfRange:
            h[.registeredYear] = "2013"
            return onHousehold()
        case .exitYearInconsistent:
            h[.exitYear] = h.status.requiresExitYear ? nil : String(year)
            return onHousehold()
        case .noMembers:
            h.members = []
            return onHousehold()
        case .noHead:
            h.members[0][.relation] = Relation.spouse.rawValue
            return onHousehold()
        case .twoHeads:
            guard h.members.count >= 2 else { return nil }
            h.members[1][.relation] = Relation.head.rawValue
            return onHousehold()
        case .unknownVillage:
            h[.villageCode] = String(h.countyCode) + "999999"
            return onHousehold()
        case .outsideProvince:
            let other: Int64 = province == 11 ? 12 : 11
            let code = Int64(h[.villageCode] ?? "") ?? 0
            h[.villageCode] = String(other * 10_000_000_000 + code % 10_000_000_000)
            return onHousehold()
        case .duplicateHousehold:
            guard let source = lastClean else { return nil }
            if isCSV {
                return InjectedDefect(kind: kind, target: .duplicateRowBefore(source.fields), householdID: source.id)
            }
            h[.householdID] = source.id
            return InjectedDefect(kind: kind, target: .household, householdID: source.id)
        case .duplicateIdentity:
            guard let source = lastClean, let copied = source.members.last else { return nil }
            let victim = h.members.count - 1
            h.members[victim][.memberID] = copied[.memberID]
            h.members[victim][.birthDate] = copied[.birthDate]
            h.members[victim][.sex] = copied[.sex]
            return onMember(victim)
        case .duplicateMeasure:
            let measures = h[.measures] ?? ""
            let first = measures.split(separator: ";").first.map(String.init) ?? Measure.industry.rawValue
            h[.measures] = measures.isEmpty ? first + ";" + first : measures + ";" + first
            return onHousehold()
        case .unknownMeasure:
            let measures = h[.measures] ?? ""
            h[.measures] = measures.isEmpty ? "tourism" : measures + ";tourism"
            return onHousehold()
        case .memberFieldMissing:
            h.members[anyMember][.health] = nil
            return onMember(anyMember)
        case .memberBadBoolean:
            h.members[anyMember][.medicalInsured] = "Y"
            return onMember(anyMember)
        case .memberNotInEnumeration:
            h.members[anyMember][.education] = "college"
            return onMember(anyMember)
        case .memberBadDate:
            h.members[anyMember][.birthDate] = String(h.members[anyMember].birth.year) + "-02-30"
            return onMember(anyMember)
        case .nameTooLong:
            let name = h.members[anyMember][.name] ?? "王"
            h.members[anyMember][.name] = name + String(repeating: "明", count: 65)
            return onMember(anyMember)
        case .birthAfterYearEnd:
            // A consistent number for a birth in the next year, so only the date rule breaks.
            let m = h.members[anyMember]
            let (birth, sequence) = IdentityMaker.birth(
                seed: seed, county: h.countyCode, birthYear: Int(year) + 1, sex: m.sex,
                householdInCounty: h.householdInCounty, slot: anyMember)
            h.members[anyMember][.birthDate] = birth.description
            h.members[anyMember][.memberID] = String(
                decoding: IdentityMaker.number(county: h.countyCode, birth: birth, sequence: sequence), as: UTF8.self)
            return onMember(anyMember)
        case .identityMalformed:
            h.members[anyMember][.memberID] = String((h.members[anyMember][.memberID] ?? "").dropLast())
            return onMember(anyMember)
        case .identityBadBirthDate:
            let m = h.members[anyMember]
            var digits = [UInt8]()
            IdentityMaker.appendDigits(Int(h.countyCode), width: 6, to: &digits)
            IdentityMaker.appendDigits(m.birth.year, width: 4, to: &digits)
            digits += Array("0230".utf8)
            IdentityMaker.appendDigits(m.sequence, width: 3, to: &digits)
            digits.append(IdentityMaker.checkCharacter(digits))
            h.members[anyMember][.memberID] = String(decoding: digits, as: UTF8.self)
            return onMember(anyMember)
        case .identityCheckCharacter:
            var id = Array((h.members[anyMember][.memberID] ?? "").utf8)
            guard id.count == 18 else { return nil }
            let correct = id[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : id[17]
            id[17] = correct == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            h.members[anyMember][.memberID] = String(decoding: id, as: UTF8.self)
            return onMember(anyMember)
        case .identityBirthMismatch:
            // The day before: never after the year end, always a real date.
            let earlier = CivilDate(daysSinceEpoch: h.members[anyMember].birth.daysSinceEpoch - 1)
            h.members[anyMember][.birthDate] = earlier.description
            return onMember(anyMember)
        case .identitySexMismatch:
            h.members[anyMember][.sex] = (h.members[anyMember].sex == .male ? Sex.female : Sex.male).rawValue
            return onMember(anyMember)
        case .orphanMember:
            let orphanHousehold = h.id + "-9"
            let sex: Sex = rng.chance(0.5) ? .male : .female
            let profile = generator.memberProfile(
                &rng, slot: IdentityMaker.orphanSlot, relation: .other, sex: sex, birthYear: rng.int(in: 1950...2000),
                surname: Names.surname(&rng), countyCode: h.countyCode, householdInCounty: h.householdInCounty)
            let row = generator.member(for: profile, householdID: orphanHousehold, year: year)
            return InjectedDefect(kind: kind, target: .orphanRowAfter(row.fields), householdID: orphanHousehold)
        }
    }
}
