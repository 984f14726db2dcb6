import JingzhunCore
import Parquet

// The four data tables of a submission (counties, villages, households, members): columns in,
// Parquet columns out, and back. Row order is the order ingest gave (deterministic files).

enum SubmissionTables {
    static func counties(_ c: CountyColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.counties)
        b.strings("county_code", c.countyCode.map { String($0) })
        b.int64s("rural_population", c.ruralPopulation)
        b.yuan("rural_income", fen: c.ruralIncomeFen)
        b.constant("submission", submission, count: c.count)
        b.int64s("source_line", c.sourceLine)
        return b.finish()
    }

    static func villages(_ v: VillageColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.villages)
        b.strings("village_code", v.villageCode.map { String($0) })
        b.strings("county_code", v.villageCode.map { String(AreaCode.county(ofVillage: $0)) })
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
        let counties = h.villageCode.map { AreaCode.county(ofVillage: $0) }
        b.strings("household_id", h.householdID)
        b.strings("village_code", h.villageCode.map { String($0) })
        b.strings("county_code", counties.map { String($0) })
        b.strings("prefecture_code", counties.map { String(AreaCode.prefecture(ofCounty: $0)) })
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
        b.strings("measures", h.measures.map(\.csvText))
        b.constant("submission", submission, count: h.count)
        b.int64s("source_line", h.sourceLine)
        return b.finish()
    }

    /// - Precondition: every `householdIndex` is a valid index into `households` (SubmissionBatch invariant).
    static func members(_ m: MemberColumns, households: HouseholdColumns, submission: String) -> [ColumnMaker] {
        var b = ColumnsBuilder(.members)
        b.strings("household_id", m.householdIndex.map { index in
            precondition(households.householdID.indices.contains(Int(index)), "member points outside its households")
            return households.householdID[Int(index)]
        })
        b.strings("member_key", m.identityKey.map(\.hex))
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

    static func readHouseholds(_ file: TableFileReader, into h: inout HouseholdColumns) throws(StoreError) {
        // Each task decodes one column and converts it to its typed form on one of the cores, so
        // at most one raw (string) column per core is alive at a time.
        let v = try file.inParallel([
            { try file.strings("household_id") },
            { try file.integerCodes("village_code", as: Int64.self) },
            { try file.int32s("registered_year") },
            { try file.codes("category", as: Category.self) },
            { try file.codes("cause", as: Cause.self) },
            { try file.codes("status", as: HouseholdStatus.self) },
            { try file.optionalInt32s("exit_year") },
            { try file.codes("housing_grade", as: HousingGrade.self) },
            { try file.booleans("safe_water") },
            { try file.booleans("food_clothing_secured") },
            { try file.fen("income_wage") },
            { try file.fen("income_operating") },
            { try file.fen("income_property") },
            { try file.fen("income_transfer") },
            { try file.fen("operating_cost") },
            { try measureSets(file) },
            { try file.int64s("source_line") },
        ])
        h.householdID += v[0] as! [String]
        h.villageCode += v[1] as! [Int64]
        h.registeredYear += v[2] as! [Int32]
        h.category += v[3] as! [Category]
        h.cause += v[4] as! [Cause]
        h.status += v[5] as! [HouseholdStatus]
        h.exitYear += v[6] as! [Int32?]
        h.housingGrade += v[7] as! [HousingGrade]
        h.safeWater += v[8] as! [Bool]
        h.foodClothingSecured += v[9] as! [Bool]
        h.incomeWageFen += v[10] as! [Int64]
        h.incomeOperatingFen += v[11] as! [Int64]
        h.incomePropertyFen += v[12] as! [Int64]
        h.incomeTransferFen += v[13] as! [Int64]
        h.operatingCostFen += v[14] as! [Int64]
        h.measures += v[15] as! [MeasureSet]
        h.sourceLine += v[16] as! [Int64]
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
                    throw StoreError.corruptData("column 'measures' holds '\(text)', not a list of measure codes", path: file.path)
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
    static func householdPositions(_ file: TableFileReader, householdIndex: [String: Int32]) throws(StoreError) -> [Int32] {
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

    static func pseudonyms(_ file: TableFileReader) throws(StoreError) -> [Pseudonym] {
        var out: [Pseudonym] = []
        for hex in try file.strings("member_key") {
            guard let key = Pseudonym(hex: hex) else {
                throw StoreError.corruptData("column 'member_key' holds a value that is not 64 hex digits", path: file.path)
            }
            out.append(key)
        }
        return out
    }

    static func readMembers(
        _ file: TableFileReader, householdIndex: [String: Int32], into m: inout MemberColumns
    ) throws(StoreError) {
        let v = try file.inParallel([
            { try householdPositions(file, householdIndex: householdIndex) },
            { try pseudonyms(file) },
            { try file.codes("relation", as: Relation.self) },
            { try file.codes("sex", as: Sex.self) },
            { try file.int32s("birth_date") },
            { try file.codes("education", as: Education.self) },
            { try file.codes("schooling", as: Schooling.self) },
            { try file.codes("health", as: Health.self) },
            { try file.codes("labor", as: Labor.self) },
            { try file.booleans("medical_insured") },
            { try file.booleans("serious_illness_insured") },
            { try file.booleans("pension_insured") },
            { try file.int64s("source_line") },
        ])
        m.householdIndex += v[0] as! [Int32]
        m.identityKey += v[1] as! [Pseudonym]
        m.relation += v[2] as! [Relation]
        m.sex += v[3] as! [Sex]
        m.birthDate += v[4] as! [Int32]
        m.education += v[5] as! [Education]
        m.schooling += v[6] as! [Schooling]
        m.health += v[7] as! [Health]
        m.labor += v[8] as! [Labor]
        m.medicalInsured += v[9] as! [Bool]
        m.seriousIllnessInsured += v[10] as! [Bool]
        m.pensionInsured += v[11] as! [Bool]
        m.sourceLine += v[12] as! [Int64]
    }
}
