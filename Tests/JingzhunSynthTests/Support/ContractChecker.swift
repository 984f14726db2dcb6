import JingzhunCore

/// A small, independent reading of submissions.md's record-level rules, for checking the
/// generator from the outside (the real validator lives in JingzhunIngest).
///
/// Returns, per household (index into `ParsedSubmission.households`), every rule it breaks.
struct ContractChecker {
    var province: Int32
    var year: Int32
    var isCSV: Bool

    var trueText: String { isCSV ? "1" : "true" }
    var falseText: String { isCSV ? "0" : "false" }

    static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            return false
        }
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        }
        return (Double(text).map { abs($0) < 10_000_000 }) ?? false
    }

    static func isInteger(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy(\.isASCIIDigit) }

    func check(_ submission: ParsedSubmission) -> (byHousehold: [Int: Set<RuleCode>], orphans: [ParsedRecord]) {
        var result: [Int: Set<RuleCode>] = [:]
        var seenHouseholds = Set<String>()
        var seenIdentities = Set<String>()
        let villages = Set(submission.villages.compactMap { $0["village_code"] })
        let yearEnd = CivilDate(year: Int(year), month: 12, day: 31)!
        for (index, household) in submission.households.enumerated() {
            var rules = Set<RuleCode>()
            let h = household.record
            for column in [
                "household_id", "village_code", "registered_year", "category", "cause", "status", "housing_grade",
                "safe_water", "food_clothing_secured", "income_wage", "income_operating", "income_property",
                "income_transfer", "operating_cost",
            ] where h[column] == nil { rules.insert(.householdFieldMissing) }
            let id = household.id
            if id.isEmpty || id.count > 32
                || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            {
                rules.insert(.householdFieldInvalid)
            }
            if let village = h["village_code"] {
                if !village.hasPrefix(String(province)) {
                    rules.insert(.householdOutsideProvince)
                } else if isCSV && !villages.contains(village) {
                    rules.insert(.villageUnknown)
                }
            }
            var registered: Int32?
            if let text = h["registered_year"] {
                if !Self.isInteger(text) {
                    rules.insert(.householdFieldInvalid)
                } else if let v = Int32(text), (2014...year).contains(v) {
                    registered = v
                } else {
                    rules.insert(.householdOutOfRange)
                }
            }
            if let v = h["category"], Category(rawValue: v) == nil { rules.insert(.householdNotInEnumeration) }
            if let v = h["cause"], Cause(rawValue: v) == nil { rules.insert(.householdNotInEnumeration) }
            if let v = h["housing_grade"], HousingGrade(rawValue: v) == nil { rules.insert(.householdNotInEnumeration) }
            if let v = h["status"] {
                if let status = HouseholdStatus(rawValue: v) {
                    if status.requiresExitYear != (h["exit_year"] != nil) { rules.insert(.exitYearInconsistent) }
                } else {
                    rules.insert(.householdNotInEnumeration)
                }
            }
            if let text = h["exit_year"], let v = Int32(text) {
                if v > year || v < (registered ?? 2014) { rules.insert(.householdOutOfRange) }
            }
            for column in ["safe_water", "food_clothing_secured"] {
                if let v = h[column], v != trueText && v != falseText { rules.insert(.householdFieldInvalid) }
            }
            for column in ["income_wage", "income_operating", "income_property", "income_transfer", "operating_cost"] {
                guard let v = h[column] else { continue }
                if !Self.isDecimal(v) {
                    rules.insert(.householdFieldInvalid)
                } else if column != "income_operating" && v.hasPrefix("-") {
                    rules.insert(.householdOutOfRange)
                }
            }
            if let measures = h["measures"], !measures.isEmpty {
                let codes = measures.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                if Set(codes).count != codes.count || codes.contains(where: { Measure(rawValue: $0) == nil }) {
                    rules.insert(.measuresInvalid)
                }
            }
            if !seenHouseholds.insert(id).inserted { rules.insert(.householdDuplicate) }

            if household.members.isEmpty { rules.insert(.noMembers) }
            if household.members.filter({ $0["relation"] == "head" }).count != 1 && !household.members.isEmpty {
                rules.insert(.headCount)
            }
            for m in household.members {
                for column in [
                    "member_id", "name", "relation", "sex", "birth_date", "education", "schooling", "health", "labor",
                    "medical_insured", "serious_illness_insured", "pension_insured",
                ] where m[column] == nil { rules.insert(.memberFieldMissing) }
                if let name = m["name"], name.unicodeScalars.count > 64 { rules.insert(.memberOutOfRange) }
                if let v = m["relation"], Relation(rawValue: v) == nil { rules.insert(.memberNotInEnumeration) }
                if let v = m["education"], Education(rawValue: v) == nil { rules.insert(.memberNotInEnumeration) }
                if let v = m["schooling"], Schooling(rawValue: v) == nil { rules.insert(.memberNotInEnumeration) }
                if let v = m["health"], Health(rawValue: v) == nil { rules.insert(.memberNotInEnumeration) }
                if let v = m["labor"], Labor(rawValue: v) == nil { rules.insert(.memberNotInEnumeration) }
                let sex = m["sex"].flatMap(Sex.init(rawValue:))
                if m["sex"] != nil && sex == nil { rules.insert(.memberNotInEnumeration) }
                for column in ["medical_insured", "serious_illness_insured", "pension_insured"] {
                    if let v = m[column], v != trueText && v != falseText { rules.insert(.memberFieldInvalid) }
                }
                var birth: CivilDate?
                if let text = m["birth_date"] {
                    birth = CivilDate.parseISO(text.utf8)
                    if birth == nil {
                        rules.insert(.memberFieldInvalid)
                    } else if let b = birth, b > yearEnd {
                        rules.insert(.memberOutOfRange)
                    }
                }
                if let id = m["member_id"] {
                    switch IdentityNumber.check(id.utf8) {
                    case .failure(let error):
                        switch error.problem {
                        case .length, .nonDigit: rules.insert(.identityMalformed)
                        case .birthDate: rules.insert(.identityBirthDate)
                        case .checkCharacter: rules.insert(.identityCheckCharacter)
                        }
                    case .success(let checked):
                        if let birth, birth != checked.birthDate { rules.insert(.identityBirthMismatch) }
                        if let sex, sex != checked.sex { rules.insert(.identitySexMismatch) }
                        let normalized = String(decoding: checked.normalized, as: UTF8.self)
                        if !seenIdentities.insert(normalized).inserted { rules.insert(.identityDuplicate) }
                    }
                }
            }
            if !rules.isEmpty { result[index] = rules }
        }
        return (result, submission.orphanMembers)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
