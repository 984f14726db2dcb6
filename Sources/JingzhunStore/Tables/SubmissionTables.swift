import JingzhunCore
import Parquet

// The four data tables of a submission (counties, villages, households, members): columns in,
// Parquet columns out, and back. Row order is the order ingest gave (deterministic files).

enum SubmissionTables {
    static func counties(_ c: CountyColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.counties)
        b.strings("county_code", from: c.countyCode) { String($0) }
        b.int64s("rural_population", c.ruralPopulation)
        b.yuan("rural_income", fen: c.ruralIncomeFen)
        b.constant("submission", submission, count: c.count)
        b.int64s("source_line", c.sourceLine)
        return b.finish()
    }

    static func villages(_ v: VillageColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.villages)
        b.strings("village_code", from: v.villageCode) { String($0) }
        b.strings("county_code", from: v.villageCode) { String(AreaCode.county(ofVillage: $0)) }
        b.strings("name", v.name)
        b.booleans("poor_village", v.isPoorVillage)
        b.int64s("population", v.population)
        b.booleans("road", v.road)
        b.booleans("water", v.water)
        b.booleans("electricity", v.electricity)
        b.booleans("broadband", v.broadband)
        b.booleans("clinic", v.clinic)
        b.constant("submission", submission, count: v.count)
        b.int64s("source_line", v.sourceLine)
        return b.finish()
    }

    static func households(_ h: HouseholdColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.households)
        b.strings("household_id", h.householdID)
        b.strings("village_code", from: h.villageCode) { String($0) }
        b.strings("county_code", from: h.villageCode) { String(AreaCode.county(ofVillage: $0)) }
        b.strings("prefecture_code", from: h.villageCode) {
            String(AreaCode.prefecture(ofCounty: AreaCode.county(ofVillage: $0)))
        }
        b.int32s("registered_year", h.registeredYear)
        b.codes("category", h.category)
        b.codes("cause", h.cause)
        b.codes("status", h.status)
        b.optionalInt32s("exit_year", h.exitYear)
        b.codes("housing_grade", h.housingGrade)
        b.booleans("safe_water", h.safeWater)
        b.booleans("food_clothing_secured", h.foodClothingSecured)
        b.yuan("income_wage", fen: h.incomeWageFen)
        b.yuan("income_operating", fen: h.incomeOperatingFen)
        b.yuan("income_property", fen: h.incomePropertyFen)
        b.yuan("income_transfer", fen: h.incomeTransferFen)
        b.yuan("operating_cost", fen: h.operatingCostFen)
        b.strings("measures", from: h.measures) { $0.csvText }
        b.constant("submission", submission, count: h.count)
        b.int64s("source_line", h.sourceLine)
        return b.finish()
    }

    /// - Precondition: every `householdIndex` is a valid index into `households` (SubmissionBatch invariant).
    static func members(_ m: MemberColumns, households: HouseholdColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.members)
        let householdIDs = households.householdID
        b.strings("household_id", from: m.householdIndex) { index in
            precondition(householdIDs.indices.contains(Int(index)), "member points outside its households")
            return householdIDs[Int(index)]
        }
        b.pseudonyms("member_key", m.identityKey)
        b.codes("relation", m.relation)
        b.codes("sex", m.sex)
        b.int32s("birth_date", m.birthDate)
        b.codes("education", m.education)
        b.codes("schooling", m.schooling)
        b.codes("health", m.health)
        b.codes("labor", m.labor)
        b.booleans("medical_insured", m.medicalInsured)
        b.booleans("serious_illness_insured", m.seriousIllnessInsured)
        b.booleans("pension_insured", m.pensionInsured)
        b.constant("submission", submission, count: m.count)
        b.int64s("source_line", m.sourceLine)
        return b.finish()
    }

    // MARK: - Reading

    static func readCounties(_ file: TableFileReader, into c: inout CountyColumns) throws(StoreError) {
        c.countyCode += try file.integerCodes("county_code", as: Int32.self)
        c.ruralPopulation += try file.int64s("rural_population")
        c.ruralIncomeFen += try file.fen("rural_income")
        c.sourceLine += try file.int64s("source_line")
    }

    static func readVillages(_ file: TableFileReader, into v: inout VillageColumns) throws(StoreError) {
        v.villageCode += try file.integerCodes("village_code", as: Int64.self)
        v.name += try file.strings("name")
        v.isPoorVillage += try file.booleans("poor_village")
        v.population += try file.int64s("population")
        v.road += try file.booleans("road")
        v.water += try file.booleans("water")
        v.electricity += try file.booleans("electricity")
        v.broadband += try file.booleans("broadband")
        v.clinic += try file.booleans("clinic")
        v.sourceLine += try file.int64s("source_line")
    }

    /// `withHouseholdID` false leaves `h.householdID` as it is (compute reads the column apart,
    /// as `PaddedString32`s: `ProvinceYearParts`).
    static func readHouseholds(_ file: TableFileReader, into h: inout HouseholdColumns, withHouseholdID: Bool = true)
        throws(StoreError)
    {
        // Each task decodes one column and converts it to its typed form on one of the cores, so
        // at most one raw (string) column per core is alive at a time.
        let householdID: [@Sendable () throws -> TableFileReader.ColumnAppend<HouseholdColumns>] =
            withHouseholdID
            ? [
                {
                    let column = try file.strings("household_id")
                    return { adoptOrAppend(&$0.householdID, column) }
                }
            ] : []
        try file.inParallel(
            into: &h,
            householdID + [
                {
                    let column = try file.integerCodes("village_code", as: Int64.self)
                    return { adoptOrAppend(&$0.villageCode, column) }
                },
                {
                    let column = try file.int32s("registered_year")
                    return { adoptOrAppend(&$0.registeredYear, column) }
                },
                {
                    let column = try file.codes("category", as: Category.self)
                    return { adoptOrAppend(&$0.category, column) }
                },
                {
                    let column = try file.codes("cause", as: Cause.self)
                    return { adoptOrAppend(&$0.cause, column) }
                },
                {
                    let column = try file.codes("status", as: HouseholdStatus.self)
                    return { adoptOrAppend(&$0.status, column) }
                },
                {
                    let column = try file.optionalInt32s("exit_year")
                    return { adoptOrAppend(&$0.exitYear, column) }
                },
                {
                    let column = try file.codes("housing_grade", as: HousingGrade.self)
                    return { adoptOrAppend(&$0.housingGrade, column) }
                },
                {
                    let column = try file.booleans("safe_water")
                    return { adoptOrAppend(&$0.safeWater, column) }
                },
                {
                    let column = try file.booleans("food_clothing_secured")
                    return { adoptOrAppend(&$0.foodClothingSecured, column) }
                },
                {
                    let column = try file.fen("income_wage")
                    return { adoptOrAppend(&$0.incomeWageFen, column) }
                },
                {
                    let column = try file.fen("income_operating")
                    return { adoptOrAppend(&$0.incomeOperatingFen, column) }
                },
                {
                    let column = try file.fen("income_property")
                    return { adoptOrAppend(&$0.incomePropertyFen, column) }
                },
                {
                    let column = try file.fen("income_transfer")
                    return { adoptOrAppend(&$0.incomeTransferFen, column) }
                },
                {
                    let column = try file.fen("operating_cost")
                    return { adoptOrAppend(&$0.operatingCostFen, column) }
                },
                {
                    let column = try measureSets(file)
                    return { adoptOrAppend(&$0.measures, column) }
                },
                {
                    let column = try file.int64s("source_line")
                    return { adoptOrAppend(&$0.sourceLine, column) }
                },
            ])
    }

    /// The `measures` column as sets; households share a few hundred lists at most, so each
    /// distinct text is parsed once.
    static func measureSets(_ file: TableFileReader) throws(StoreError) -> [MeasureSet] {
        var out: [MeasureSet] = []
        var parsed: [String: MeasureSet] = [:]
        for text in try file.strings("measures") {
            if let known = parsed[text] {
                out.append(known)
                continue
            }
            var set = MeasureSet()
            for code in text.split(separator: ";") {
                guard let measure = Measure(rawValue: String(code)) else {
                    throw StoreError.corruptData(
                        "column 'measures' holds '\(text)', not a list of measure codes", path: file.path)
                }
                set.insert(measure)
            }
            parsed[text] = set
            out.append(set)
        }
        return out
    }

    /// Household positions of the members, joined on household_id. Members come grouped by
    /// household: the previous row's lookup is reused while the id repeats.
    static func householdPositions(_ file: TableFileReader, householdIndex: [String: Int32]) throws(StoreError)
        -> [Int32]
    {
        var out: [Int32] = []
        var previous: (id: String, index: Int32)?
        for id in try file.strings("household_id") {
            if let previous, previous.id == id {
                out.append(previous.index)
                continue
            }
            guard let index = householdIndex[id] else {
                throw StoreError.corruptData(
                    "a member belongs to household '\(id)', which is not in the households table of the same partition",
                    path: file.path)
            }
            previous = (id, index)
            out.append(index)
        }
        return out
    }

    /// The `member_key` column, decoded straight into pseudonyms (no `String` per member; a value
    /// that is not 64 lowercase hex digits is a corrupt file naming the column).
    static func pseudonyms(_ file: TableFileReader) throws(StoreError) -> [Pseudonym] {
        try file.pseudonyms("member_key")
    }

    static func readMembers(
        _ file: TableFileReader, householdIndex: [String: Int32], into m: inout MemberColumns
    ) throws(StoreError) {
        try readMembers(file, into: &m) { () throws(StoreError) in
            try householdPositions(file, householdIndex: householdIndex)
        }
    }

    /// The members of `file`, their `householdIndex` made by `positions` (compute's parts decode
    /// `household_id` once, for the grouping and the positions together; issue 20).
    static func readMembers(
        _ file: TableFileReader, into m: inout MemberColumns,
        householdPositions positions: @escaping @Sendable () throws(StoreError) -> [Int32]
    ) throws(StoreError) {
        try file.inParallel(
            into: &m,
            [
                {
                    let column = try positions()
                    return { adoptOrAppend(&$0.householdIndex, column) }
                },
                {
                    let column = try pseudonyms(file)
                    return { adoptOrAppend(&$0.identityKey, column) }
                },
                {
                    let column = try file.codes("relation", as: Relation.self)
                    return { adoptOrAppend(&$0.relation, column) }
                },
                {
                    let column = try file.codes("sex", as: Sex.self)
                    return { adoptOrAppend(&$0.sex, column) }
                },
                {
                    let column = try file.int32s("birth_date")
                    return { adoptOrAppend(&$0.birthDate, column) }
                },
                {
                    let column = try file.codes("education", as: Education.self)
                    return { adoptOrAppend(&$0.education, column) }
                },
                {
                    let column = try file.codes("schooling", as: Schooling.self)
                    return { adoptOrAppend(&$0.schooling, column) }
                },
                {
                    let column = try file.codes("health", as: Health.self)
                    return { adoptOrAppend(&$0.health, column) }
                },
                {
                    let column = try file.codes("labor", as: Labor.self)
                    return { adoptOrAppend(&$0.labor, column) }
                },
                {
                    let column = try file.booleans("medical_insured")
                    return { adoptOrAppend(&$0.medicalInsured, column) }
                },
                {
                    let column = try file.booleans("serious_illness_insured")
                    return { adoptOrAppend(&$0.seriousIllnessInsured, column) }
                },
                {
                    let column = try file.booleans("pension_insured")
                    return { adoptOrAppend(&$0.pensionInsured, column) }
                },
                {
                    let column = try file.int64s("source_line")
                    return { adoptOrAppend(&$0.sourceLine, column) }
                },
            ])
    }
}
