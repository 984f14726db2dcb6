public import JingzhunCore
public import JingzhunIO

/// Validates the raw records of one submission, from either reader, into a `SubmissionBatch`.
///
/// Implements submissions.md §Record-level validation and §Value syntax; every rule has a
/// stable code (RuleCode.swift, docs/rules.md).
///
/// - The household is the unit of acceptance. Every failure of a household and of its members is
///   collected (one `Rejection` row per failed rule and field, at the line of the record that
///   failed), but the household is counted once in `counts.householdsRejected`.
/// - County statistics or a village that fail, or repeat a code, are rejected, and so is every
///   village (V007) and household (H009) under them. In XML "under" is the nesting; in CSV it is
///   the code (`county_code` of a village, `village_code` of a household).
/// - "First" and "later" are in arrival order, which is document order (XML) and file order
///   (CSV, counties → villages → households → members). The first record of a household number or
///   identity number keeps it even when that record is itself rejected for another reason.
/// - Households are held (parsed, compact) until `finish()`, because in CSV their members come
///   in a later file; member rows are matched by `household_id` (to the first household of that
///   number), XML members to the household they are nested in.
/// - The clear identity number never leaves this type: members keep only the keyed pseudonym,
///   duplicates are found by pseudonym, messages show the masked number. Names are checked and
///   dropped; messages say "name", never the value.
///
/// - Complexity: O(records); memory O(households + members) of compact parsed values.
public struct SubmissionValidator: RawRecordSink {
    public struct Options: Sendable {
        /// submissions.md: more than this percentage of rejected households rejects the submission.
        public var maxRejectedHouseholdPct: Double
        public var pseudonymizer: Pseudonymizer
        /// Where households and members are spilled as they are validated, and where the batch's
        /// rows are left for the store (issue 20); nil keeps them in memory and hands on columns.
        public var scratchFolder: String?
        public var fileSystem: any FileSystem = POSIXFileSystem()
        public init(maxRejectedHouseholdPct: Double = 5, pseudonymizer: Pseudonymizer, scratchFolder: String? = nil) {
            self.maxRejectedHouseholdPct = maxRejectedHouseholdPct
            self.pseudonymizer = pseudonymizer
            self.scratchFolder = scratchFolder
        }
    }

    /// indicators.md pcni ceiling for warning W004: 100,000 yuan, in fen.
    static let pcniWarningFen: Int64 = 100_000 * 100

    // The rules each kind of record is checked against (counted as passed where not failed).
    private static let countyRules = RuleSet(
        .countyFieldMissing, .countyFieldInvalid, .countyOutOfRange, .countyOutsideProvince, .countyDuplicate)
    private static let villageRules = RuleSet(
        .villageFieldMissing, .villageFieldInvalid, .villageOutOfRange, .villageOutsideProvince, .villageDuplicate,
        .villageCountyMismatch, .villageCountyMissing)
    private static let householdRules = RuleSet(
        .householdFieldMissing, .householdFieldInvalid, .householdNotInEnumeration, .householdOutOfRange,
        .exitYearInconsistent, .householdOutsideProvince, .householdDuplicate, .measuresInvalid, .parentRejected)
    /// CSV households are also matched to the villages file by code.
    private static let csvHouseholdRules = householdRules.adding(.villageUnknown)
    private static let memberRules = RuleSet(
        .memberFieldMissing, .memberFieldInvalid, .memberNotInEnumeration, .memberOutOfRange, .identityMalformed,
        .identityBirthDate, .identityCheckCharacter, .identityBirthMismatch, .identitySexMismatch)

    private var batch: SubmissionBatch
    private let options: Options
    private let isCSV: Bool
    private var province: Int32 { batch.key.province }
    private var year: Int32 { batch.key.year }

    // Parents, by code (CSV) and by nesting (XML). The value says whether the first record of
    // that code was accepted.
    private var countyAccepted: [Int32: Bool] = [:]
    private var villageAccepted: [Int64: Bool] = [:]
    private var currentCountyAccepted: Bool?
    private var currentVillageAccepted: Bool?
    private var currentHousehold: Int?
    /// The XML household members are nested in: its valid household number's bytes (kept in one
    /// buffer: a `String` per household was a heap object, 17 bytes being over the inline 15), or
    /// nil when it has none.
    private var currentHouseholdID: [UInt8] = []
    private var hasCurrentHouseholdID = false

    /// Households and members as they were validated, in fixed-width rows (`StagedRowLayout`),
    /// spilled to `options.scratchFolder` or kept in memory; per household, only the decision
    /// state stays in memory (issue 20). Members past the syntax check are all spilled (their
    /// row is their position in the identity table); `finish()` keeps those of accepted households.
    private var storage: ValidatorRows
    /// Files in the order their first record arrived: the sort order of rejections.
    private var fileOrder: [String] = []
    private var passes = RulePassCounter()
    /// The members of the household being delivered by `household(_:members:)`, checked ahead;
    /// `nextMemberIdentity` is the position of the member `record` is given next (nil otherwise).
    private var memberIdentities: [PrecheckedIdentity?] = []
    private var nextMemberIdentity: Int?
    /// Keeps the reads of `household(_:members:)` (a value nobody uses is not read at all).
    private var identityPeek: UInt64 = 0

    /// The whole-submission rejection, once one is found; later records are ignored.
    public private(set) var reason: Rejection?
    public var isRejected: Bool { reason != nil }

    public init(
        key: SubmissionKey, format: SubmissionFormat, files: [String], contentHash: String, options: Options
    ) {
        batch = SubmissionBatch(key: key, format: format, files: files, contentHash: contentHash)
        self.options = options
        isCSV = format == .csvGzip
        storage = ValidatorRows(
            folder: options.scratchFolder.map { $0 + "/" + key.id + "-" + contentHash.prefix(16) },
            fileSystem: options.fileSystem)
    }

    // MARK: RawRecordSink

    /// F011: the root's province, year and revision must be those of the file name.
    public mutating func root(_ root: RegistryRoot, at location: SourceLocation) {
        guard !isRejected else { return }
        let expected: [(String, String?, String)] = [
            ("province", root.province, String(province)), ("year", root.year, String(year)),
            ("revision", root.revision, String(batch.key.revision)),
        ]
        for (attribute, value, wanted) in expected where value != wanted {
            let shown = value.map { MessageText.quoted(Array($0.utf8)) } ?? "missing"
            problem(
                Rejection(
                    rule: .rootContradictsFileName, location: location, field: attribute,
                    message: "root attribute `\(attribute)` is \(shown), the file name says \"\(wanted)\""))
            return
        }
        count(pass: .rootContradictsFileName)
    }

    public mutating func record(_ record: RawRecord) {
        guard !isRejected else { return }
        noteFile(record.location.file)
        let location = record.location
        record.withFields { fields in
            switch record.kind {
            case .county: checkCounty(fields, at: location, defect: record.defect)
            case .village: checkVillage(fields, at: location, defect: record.defect)
            case .household:
                checkHousehold(
                    fields, file: location.file, line: location.line, column: location.column, defect: record.defect)
            case .member:
                checkMember(
                    fields, file: location.file, line: location.line, column: location.column, defect: record.defect)
            }
        }
    }

    /// As `record(_:)`, reading the values where the CSV reader lends them: no record is built for
    /// a row (issue 20, item 3).
    public mutating func record(lending lent: LentRecord) {
        guard !isRejected else { return }
        let location = lent.location
        noteFile(location.file)
        switch lent.kind {
        case .county: checkCounty(lent.fields, at: location, defect: lent.defect)
        case .village: checkVillage(lent.fields, at: location, defect: lent.defect)
        case .household:
            checkHousehold(
                lent.fields, file: location.file, line: location.line, column: location.column, defect: lent.defect)
        case .member:
            checkMember(
                lent.fields, file: location.file, line: location.line, column: location.column, defect: lent.defect)
        }
    }

    /// Checks the members' identity numbers and pseudonymises them before any member is checked,
    /// and reads the identity table's slots of those pseudonyms together: the table is far larger
    /// than the cache, and one miss per member, each waited for in turn, was 5 % of XML ingest;
    /// read together they overlap (issue 20). The members are then checked as `record` checks
    /// them, with these results.
    public mutating func household(_ household: RawRecord, members: ArraySlice<RawRecord>) {
        record(household)
        guard !isRejected else { return }
        memberIdentities.removeAll(keepingCapacity: true)
        // By index: a `for … in` over records copies each (a retain and release of its buffers).
        let pseudonymizer = options.pseudonymizer
        for index in members.indices {
            memberIdentities.append(
                members[index].withFields { $0.nonEmpty(.memberID).map { Self.precheckedIdentity($0, pseudonymizer) } })
        }
        peekIdentities()
        for index in members.indices {
            nextMemberIdentity = index - members.startIndex
            record(members[index])
        }
        nextMemberIdentity = nil
    }

    /// As `household(_:members:)`, reading the values where the XML scanner holds them: no
    /// record is built for the household or any member (issue 20, item 2).
    public mutating func household(_ held: HeldHousehold) {
        guard !isRejected else { return }
        noteFile(held.file)
        // Read out of `self` before the closure: a non-mutating use of `self` inside it copied the
        // whole validator (a retain and a release of each of its buffers) for every household.
        let pseudonymizer = options.pseudonymizer
        held.withRecords { records in
            checkHousehold(
                records[0], file: held.file, line: held.line(ofRecord: 0), column: held.column(ofRecord: 0),
                defect: nil)
            memberIdentities.removeAll(keepingCapacity: true)
            for index in 1..<records.count {
                memberIdentities.append(
                    records[index].nonEmpty(.memberID).map { Self.precheckedIdentity($0, pseudonymizer) })
            }
            peekIdentities()
            for index in 1..<records.count {
                nextMemberIdentity = index - 1
                checkMember(
                    records[index], file: held.file, line: held.line(ofRecord: index),
                    column: held.column(ofRecord: index), defect: nil)
            }
            nextMemberIdentity = nil
        }
    }

    /// Keeps the order in which files first delivered a record.
    private mutating func noteFile(_ file: String) {
        if fileOrder.last != file && !fileOrder.contains(file) { fileOrder.append(file) }
    }

    /// A member's identity number checked and, when valid, pseudonymised.
    private static func precheckedIdentity(
        _ idBytes: UnsafeBufferPointer<UInt8>, _ pseudonymizer: Pseudonymizer
    ) -> PrecheckedIdentity {
        // In place, and the normalised number on the stack: no array per member (issue 20).
        switch IdentityNumber.readFields(idBytes) {
        case .success(let fields):
            let key = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { normalized in
                IdentityNumber.normalize(idBytes, into: normalized)
                return pseudonymizer.pseudonym(of: UnsafeRawBufferPointer(normalized))
            }
            return PrecheckedIdentity(outcome: .valid(birthDate: fields.birthDate, sex: fields.sex, key: key))
        case .failure(let error):
            return PrecheckedIdentity(outcome: .invalid(error.problem))
        }
    }

    /// The identity number of a member's `member_id` masked for a message, as normalised
    /// (`IdentityNumber.Checked.normalized`): made again on a failure only, so that the checked
    /// number is not carried along for every member.
    private static func maskedIdentity(_ idBytes: UnsafeBufferPointer<UInt8>) -> String {
        let bytes = Array(idBytes)
        return IdentityNumber.masked((try? IdentityNumber.check(bytes).get())?.normalized ?? bytes)
    }

    /// Reads the identity table's slots of the prechecked pseudonyms, so that their misses overlap.
    private mutating func peekIdentities() {
        var touched: UInt64 = 0
        for entry in memberIdentities {
            if case .valid(_, _, let key)? = entry?.outcome { touched &+= storage.identities.peek(key) }
        }
        identityPeek = touched
    }

    public mutating func warning(_ diagnostic: Diagnostic) {
        guard !isRejected else { return }
        keep(diagnostic)
    }

    // MARK: Bounded findings (issue 13)

    /// Counts a per-record rejection in full and keeps it as a row while its rule has fewer than
    /// `SubmissionCounts.examplesPerRule` rows: memory, the store and reports stay bounded
    /// whatever a submission holds, and the totals (`counts.findings`) stay exact.
    private mutating func keep(_ rejection: Rejection) {
        if isCounted(rejection.rule) { batch.rejections.append(rejection) }
    }

    private mutating func keep(_ diagnostic: Diagnostic) {
        if isCounted(diagnostic.rule) { batch.warnings.append(diagnostic) }
    }

    /// Counts one finding of `rule`; true while it is among the first `examplesPerRule`.
    private mutating func isCounted(_ rule: RuleCode) -> Bool {
        let found = (batch.counts.findings[rule] ?? 0) + 1
        batch.counts.findings[rule] = found
        return found <= SubmissionCounts.examplesPerRule
    }

    /// True when `rule` already has all the example rows it may keep (its message need not be built).
    private func isFull(_ rule: RuleCode) -> Bool {
        (batch.counts.findings[rule] ?? 0) >= SubmissionCounts.examplesPerRule
    }

    /// A rejecting problem (an F rule) ends the submission; anything else is kept as a rejection row.
    public mutating func problem(_ rejection: Rejection) {
        problem(rejection, overriding: false)
    }

    /// Records a problem; with `overriding`, a whole-submission problem replaces an earlier reason
    /// (the ingestor uses it for gzip, IO and hash problems, which explain what the readers saw).
    public mutating func problem(_ rejection: Rejection, overriding: Bool) {
        guard !isRejected || (overriding && rejection.rule.isSubmissionLevel) else { return }
        if rejection.rule.isSubmissionLevel {
            reason = rejection
        } else {
            keep(rejection)
        }
    }

    // MARK: County statistics

    private mutating func checkCounty(_ record: RecordFields, at location: SourceLocation, defect: Rejection?) {
        batch.counts.countiesReceived += 1
        var check = RecordCheck(line: location.line, column: location.column)
        let codeBytes = record.nonEmpty(.countyCode)
        var code: Int32?
        if let codeBytes, let parsed = ValueSyntax.digits(codeBytes, count: 6) { code = Int32(parsed) }
        if check.syntaxIsSound(defect, isCSV: isCSV) {
            if codeBytes == nil {
                check.fail(.countyFieldMissing, field: "county_code", "county_code is missing")
            } else if code == nil, let codeBytes {
                check.fail(
                    .countyFieldInvalid, field: "county_code",
                    "county_code \(MessageText.quoted(codeBytes)) is not 6 digits")
            } else if let code, AreaCode.province(ofCounty: code) != province {
                check.fail(
                    .countyOutsideProvince, field: "county_code",
                    "county_code \(code) is outside province \(province)")
            }
            let population = check.integer(
                record, .ruralPopulation, missing: .countyFieldMissing, invalid: .countyFieldInvalid,
                range: .countyOutOfRange, allowed: 1...Int64.max, rangeText: "must be > 0")
            let income = check.decimal(
                record, .ruralIncome, missing: .countyFieldMissing, invalid: .countyFieldInvalid,
                range: .countyOutOfRange, minimumFen: 1, rangeText: "must be > 0")
            if let code, countyAccepted[code] != nil {
                check.fail(
                    .countyDuplicate, field: "county_code",
                    "county_code \(code) was already given earlier in the submission")
            }
            check.applicable(Self.countyRules)
            if check.isAccepted, let code, let population, let income {
                batch.counties.countyCode.append(code)
                batch.counties.ruralPopulation.append(population)
                batch.counties.ruralIncomeFen.append(income)
                batch.counties.sourceLine.append(Int64(location.line))
            }
        }
        let accepted = check.isAccepted
        if let code, countyAccepted[code] == nil { countyAccepted[code] = accepted }
        currentCountyAccepted = accepted
        currentVillageAccepted = nil
        currentHousehold = nil
        if !accepted { batch.counts.countiesRejected += 1 }
        finish(check, file: location.file, householdID: nil)
    }

    // MARK: Villages

    private mutating func checkVillage(_ record: RecordFields, at location: SourceLocation, defect: Rejection?) {
        batch.counts.villagesReceived += 1
        var check = RecordCheck(line: location.line, column: location.column)
        let codeBytes = record.nonEmpty(.villageCode)
        var code: Int64?
        if let codeBytes { code = ValueSyntax.digits(codeBytes, count: 12) }
        if check.syntaxIsSound(defect, isCSV: isCSV) {
            if codeBytes == nil {
                check.fail(.villageFieldMissing, field: "village_code", "village_code is missing")
            } else if code == nil, let codeBytes {
                check.fail(
                    .villageFieldInvalid, field: "village_code",
                    "village_code \(MessageText.quoted(codeBytes)) is not 12 digits")
            } else if let code, AreaCode.province(ofCounty: AreaCode.county(ofVillage: code)) != province {
                check.fail(
                    .villageOutsideProvince, field: "village_code",
                    "village_code \(code) is outside province \(province)")
            }
            // The county: CSV column, or (XML) the parent's code; XML nesting decides the parent.
            var countyCode: Int32?
            if let countyBytes = record.nonEmpty(.countyCode) {
                if let parsed = ValueSyntax.digits(countyBytes, count: 6) {
                    countyCode = Int32(parsed)
                    if let code, AreaCode.county(ofVillage: code) != countyCode {
                        check.fail(
                            .villageCountyMismatch, field: "county_code",
                            "county_code \(parsed) is not the first 6 digits of village_code \(code)")
                    }
                } else {
                    check.fail(
                        .villageFieldInvalid, field: "county_code",
                        "county_code \(MessageText.quoted(countyBytes)) is not 6 digits")
                }
            } else if isCSV {
                check.fail(.villageFieldMissing, field: "county_code", "county_code is missing")
            }
            let parentAccepted: Bool? = isCSV ? countyCode.flatMap { countyAccepted[$0] } : currentCountyAccepted
            if parentAccepted != true {
                let countyText = countyCode.map { String($0) } ?? "of this village"
                check.fail(
                    .villageCountyMissing, field: isCSV ? "county_code" : nil,
                    parentAccepted == nil
                        ? "the county statistics of county \(countyText) are missing"
                        : "the county statistics of county \(countyText) were rejected")
            }
            let name = check.text(
                record, .name, missing: .villageFieldMissing, invalid: .villageFieldInvalid, isPersonal: false)
            var flags: [Bool] = []
            for flag: ContractField in [.poorVillage, .road, .water, .electricity, .broadband, .clinic] {
                flags.append(
                    check.boolean(
                        record, flag, isCSV: isCSV, missing: .villageFieldMissing, invalid: .villageFieldInvalid)
                        ?? false)
            }
            let population = check.integer(
                record, .population, missing: .villageFieldMissing, invalid: .villageFieldInvalid,
                range: .villageOutOfRange, allowed: 0...Int64.max, rangeText: "must be ≥ 0")
            if let code, villageAccepted[code] != nil {
                check.fail(
                    .villageDuplicate, field: "village_code",
                    "village_code \(code) was already given earlier in the submission")
            }
            check.applicable(Self.villageRules)
            if check.isAccepted, let code, let name, let population {
                let villages = batch.villages.count
                batch.villages.villageCode.append(code)
                batch.villages.name.append(String(decoding: name, as: UTF8.self))
                batch.villages.isPoorVillage.append(flags[0])
                batch.villages.road.append(flags[1])
                batch.villages.water.append(flags[2])
                batch.villages.electricity.append(flags[3])
                batch.villages.broadband.append(flags[4])
                batch.villages.clinic.append(flags[5])
                batch.villages.population.append(population)
                batch.villages.sourceLine.append(Int64(location.line))
                assert(batch.villages.count == villages + 1, "village columns out of step")
            }
        }
        let accepted = check.isAccepted
        if let code, villageAccepted[code] == nil { villageAccepted[code] = accepted }
        currentVillageAccepted = accepted
        currentHousehold = nil
        if !accepted { batch.counts.villagesRejected += 1 }
        finish(check, file: location.file, householdID: nil)
    }

    // MARK: Households

    /// Checks a household record starting at `line` and `column` of `file` (apart, not a
    /// `SourceLocation`: see `RecordCheck.line`).
    private mutating func checkHousehold(
        _ record: RecordFields, file: String, line: Int, column: Int?, defect: Rejection?
    ) {
        batch.counts.householdsReceived += 1
        var check = RecordCheck(line: line, column: column)
        var staged = StagedHousehold(line: line, column: column)
        let idBytes = record.nonEmpty(.householdID)
        // The household number's bytes when it is valid (then ASCII: its text is these bytes).
        let validID: UnsafeBufferPointer<UInt8>? = idBytes.flatMap { ValueSyntax.isHouseholdID($0) ? $0 : nil }
        staged.hasID = validID != nil
        let slot = storage.householdCount
        currentHousehold = slot
        defer {
            staged.isRejected = !check.isAccepted
            append(staged, id: validID, file: fileOrder.firstIndex(of: file) ?? 0)
            currentHouseholdID.removeAll(keepingCapacity: true)
            if let validID { currentHouseholdID.append(contentsOf: validID) }
            hasCurrentHouseholdID = validID != nil
            finish(check, file: file, householdIDBytes: validID)
        }
        var isDuplicate = false
        if staged.hasID, let idBytes {
            isDuplicate = storage.ids.insert(UnsafeRawBufferPointer(idBytes), slot: slot) != nil
        }
        staged.isDuplicate = isDuplicate
        guard check.syntaxIsSound(defect, isCSV: isCSV) else { return }
        if idBytes == nil {
            check.fail(.householdFieldMissing, field: "household_id", "household_id is missing")
        } else if !staged.hasID, let idBytes {
            check.fail(
                .householdFieldInvalid, field: "household_id",
                "household_id \(MessageText.quoted(idBytes)) is not 1-32 of A-Z, a-z, 0-9 and -")
        }
        if isDuplicate, let validID {
            check.fail(
                .householdDuplicate, field: "household_id",
                "household_id \(MessageText.quoted(Array(validID))) was already given earlier in the submission")
        }
        // Village: CSV by code; XML by nesting (the code then comes from the parent).
        var villageParentAccepted: Bool? = isCSV ? nil : currentVillageAccepted
        if let villageBytes = record.nonEmpty(.villageCode) {
            if let code = ValueSyntax.digits(villageBytes, count: 12) {
                staged.villageCode = code
                if AreaCode.province(ofCounty: AreaCode.county(ofVillage: code)) != province {
                    check.fail(
                        .householdOutsideProvince, field: "village_code",
                        "village_code \(code) is outside province \(province)")
                } else if isCSV {
                    villageParentAccepted = villageAccepted[code]
                    if villageParentAccepted == nil {
                        check.fail(
                            .villageUnknown, field: "village_code", "village_code \(code) is not in the villages file")
                    }
                }
            } else {
                check.fail(
                    .householdFieldInvalid, field: "village_code",
                    "village_code \(MessageText.quoted(villageBytes)) is not 12 digits")
            }
        } else if isCSV {
            check.fail(.householdFieldMissing, field: "village_code", "village_code is missing")
        }
        if villageParentAccepted == false || (!isCSV && villageParentAccepted == nil) {
            check.fail(.parentRejected, field: nil, "the household's village was rejected")
        }
        let registered = check.integer(
            record, .registeredYear, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
            range: .householdOutOfRange, allowed: 2014...Int64(year), rangeText: "must be between 2014 and \(year)")
        staged.registeredYear = Int32(registered ?? 0)
        if let value = check.enumeration(
            record, .category, table: CodeTables.category, missing: .householdFieldMissing,
            invalid: .householdNotInEnumeration)
        {
            staged.category = value
        }
        if let value = check.enumeration(
            record, .cause, table: CodeTables.cause, missing: .householdFieldMissing,
            invalid: .householdNotInEnumeration)
        {
            staged.cause = value
        }
        let status = check.enumeration(
            record, .status, table: CodeTables.status, missing: .householdFieldMissing,
            invalid: .householdNotInEnumeration)
        if let status { staged.status = status }
        if let value = check.enumeration(
            record, .housingGrade, table: CodeTables.housingGrade, missing: .householdFieldMissing,
            invalid: .householdNotInEnumeration)
        {
            staged.housingGrade = value
        }
        staged.safeWater =
            check.boolean(
                record, .safeWater, isCSV: isCSV, missing: .householdFieldMissing, invalid: .householdFieldInvalid)
            ?? false
        staged.foodClothingSecured =
            check.boolean(
                record, .foodClothingSecured, isCSV: isCSV, missing: .householdFieldMissing,
                invalid: .householdFieldInvalid) ?? false
        // exit_year: required iff exited/returned; registered ≤ v ≤ year.
        if let exitBytes = record.nonEmpty(.exitYear) {
            let lowest = Int64(registered ?? 2014)
            staged.exitYear = check.integer(
                record, .exitYear, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, allowed: lowest...Int64(year),
                rangeText: "must be between \(registered.map { "registered_year \($0)" } ?? "2014") and \(year)"
            ).map { Int32($0) }
            if let status, !status.requiresExitYear {
                check.fail(
                    .exitYearInconsistent, field: "exit_year",
                    "exit_year \(MessageText.quoted(exitBytes)) is given but status is \(status.rawValue)")
            }
        } else if let status, status.requiresExitYear {
            check.fail(
                .exitYearInconsistent, field: "exit_year", "exit_year is missing but status is \(status.rawValue)")
        }
        let nonNegative: Int64 = 0
        staged.incomeWageFen =
            check.decimal(
                record, .incomeWage, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, minimumFen: nonNegative, rangeText: "must be ≥ 0") ?? 0
        staged.incomeOperatingFen =
            check.decimal(
                record, .incomeOperating, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, minimumFen: nil, rangeText: "") ?? 0
        staged.incomePropertyFen =
            check.decimal(
                record, .incomeProperty, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, minimumFen: nonNegative, rangeText: "must be ≥ 0") ?? 0
        staged.incomeTransferFen =
            check.decimal(
                record, .incomeTransfer, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, minimumFen: nonNegative, rangeText: "must be ≥ 0") ?? 0
        staged.operatingCostFen =
            check.decimal(
                record, .operatingCost, missing: .householdFieldMissing, invalid: .householdFieldInvalid,
                range: .householdOutOfRange, minimumFen: nonNegative, rangeText: "must be ≥ 0") ?? 0
        if let measuresBytes = record.nonEmpty(.measures) {
            switch ValueSyntax.measures(measuresBytes) {
            case .success(let set): staged.measures = set
            case .failure(.unknown(let code)):
                check.fail(
                    .measuresInvalid, field: "measures",
                    "measures \(MessageText.quoted(measuresBytes)): \(MessageText.quoted(code)) is not a measure code")
            case .failure(.repeated(let measure)):
                check.fail(
                    .measuresInvalid, field: "measures",
                    "measures \(MessageText.quoted(measuresBytes)): `\(measure.rawValue)` is given twice")
            }
        }
        check.applicable(isCSV ? Self.csvHouseholdRules : Self.householdRules)
    }

    // MARK: Members

    /// Checks a member record starting at `line` and `column` of `file` (see `checkHousehold`).
    private mutating func checkMember(_ record: RecordFields, file: String, line: Int, column: Int?, defect: Rejection?)
    {
        batch.counts.membersReceived += 1
        var check = RecordCheck(line: line, column: column, isPersonalRow: true)
        // The household: XML by nesting, CSV by household_id (the first household of that number).
        var slot: Int?
        // CSV: its number's bytes (the first household of that number holds exactly these), made
        // into text only for a rejection row (`householdIDText`).
        var csvHouseholdID: [UInt8]?
        if isCSV {
            if let idBytes = record.nonEmpty(.householdID), let key = Self.lookupKey(idBytes) {
                slot = key.withUnsafeBytes { storage.ids.slot(of: $0) }
                if slot != nil { csvHouseholdID = key }
            }
        } else {
            slot = currentHousehold
        }
        guard let slot else {
            batch.counts.orphanMembers += 1
            // A flood of orphan rows (issue 13): past the examples kept, only the count grows —
            // no message is built for rows that would not be kept.
            if defect == nil && isFull(.orphanMember) {
                _ = isCounted(.orphanMember)
                return
            }
            let idBytes = record.nonEmpty(.householdID)
            let id = idBytes.flatMap { ValueSyntax.isHouseholdID($0) ? String(decoding: $0, as: UTF8.self) : nil }
            if let defect {
                check.fail(defect.rule, field: defect.field, defect.message + "; its household is unknown")
            } else {
                check.fail(
                    .orphanMember, field: "household_id",
                    idBytes.map {
                        "household_id \(MessageText.quoted($0, personalRow: true)) is not in the households file"
                    }
                        ?? "household_id is missing: the member belongs to no household")
            }
            finish(check, file: file, householdID: id)
            return
        }
        if isCSV { count(pass: .orphanMember) }
        storage.memberCount[slot] += 1
        defer {
            if !check.isAccepted { storage.flags[slot] |= ValidatorRows.rejected }
            if check.failures.isEmpty {
                passes.add(check.passedRules)
            } else {
                finish(check, file: file, householdID: householdIDText(csv: csvHouseholdID))
            }
        }
        guard check.syntaxIsSound(defect, isCSV: isCSV) else { return }
        var member = StagedMember(household: Int32(slot), line: Int64(line))
        // The birth date and sex read from a valid identity number.
        var identity: (birthDate: CivilDate, sex: Sex)?
        let idBytes = record.nonEmpty(.memberID)
        if let idBytes {
            // Checked ahead by `household(_:members:)`, or here. (No closure reads `self` here:
            // one copied the whole validator per member.)
            let checked: PrecheckedIdentity
            if let index = nextMemberIdentity, let ahead = memberIdentities[index] {
                checked = ahead
            } else {
                checked = Self.precheckedIdentity(idBytes, options.pseudonymizer)
            }
            switch checked.outcome {
            case .valid(let birthDate, let sex, let key):
                identity = (birthDate, sex)
                member.identityKey = key
                if !storage.insertIdentity(key) {
                    storage.flags[slot] |= ValidatorRows.duplicateIdentity
                    check.fail(
                        .identityDuplicate, field: "member_id",
                        "member_id \(Self.maskedIdentity(idBytes)) was already given earlier in the submission")
                }
            case .invalid(let problem):
                let masked = IdentityNumber.masked(idBytes)
                switch problem {
                case .length, .nonDigit:
                    check.fail(
                        .identityMalformed, field: "member_id",
                        "member_id \(masked) is not 17 digits followed by a digit or X")
                case .birthDate:
                    check.fail(.identityBirthDate, field: "member_id", "member_id \(masked) holds no real birth date")
                case .checkCharacter:
                    check.fail(
                        .identityCheckCharacter, field: "member_id", "member_id \(masked) has a wrong check character")
                }
            }
        } else {
            check.fail(.memberFieldMissing, field: "member_id", "member_id is missing")
        }
        _ = check.text(record, .name, missing: .memberFieldMissing, invalid: .memberFieldInvalid, isPersonal: true)
        let relation = check.enumeration(
            record, .relation, table: CodeTables.relation, missing: .memberFieldMissing,
            invalid: .memberNotInEnumeration)
        if let relation {
            member.relation = relation
            if relation == .head { storage.headCount[slot] += 1 }
        }
        let sex = check.enumeration(
            record, .sex, table: CodeTables.sex, missing: .memberFieldMissing, invalid: .memberNotInEnumeration)
        if let sex { member.sex = sex }
        var birth: CivilDate?
        if let birthBytes = record.nonEmpty(.birthDate) {
            if let date = ValueSyntax.date(birthBytes) {
                if date.year > Int(year) {
                    check.fail(
                        .memberOutOfRange, field: "birth_date", "birth_date \(date) is after 31 December \(year)")
                } else {
                    birth = date
                    member.birthDate = date.daysSinceEpoch
                }
            } else {
                check.fail(
                    .memberFieldInvalid, field: "birth_date",
                    "birth_date \(MessageText.quoted(birthBytes, personalRow: true)) is not a real date YYYY-MM-DD")
            }
        } else {
            check.fail(.memberFieldMissing, field: "birth_date", "birth_date is missing")
        }
        if let identity, let idBytes, let birth, identity.birthDate != birth {
            check.fail(
                .identityBirthMismatch, field: "birth_date",
                "birth_date \(birth) disagrees with member_id \(Self.maskedIdentity(idBytes))")
        }
        if let identity, let idBytes, let sex, identity.sex != sex {
            check.fail(
                .identitySexMismatch, field: "sex",
                "sex \(sex.rawValue) disagrees with member_id \(Self.maskedIdentity(idBytes))")
        }
        if let value = check.enumeration(
            record, .education, table: CodeTables.education, missing: .memberFieldMissing,
            invalid: .memberNotInEnumeration)
        {
            member.education = value
        }
        if let value = check.enumeration(
            record, .schooling, table: CodeTables.schooling, missing: .memberFieldMissing,
            invalid: .memberNotInEnumeration)
        {
            member.schooling = value
        }
        if let value = check.enumeration(
            record, .health, table: CodeTables.health, missing: .memberFieldMissing, invalid: .memberNotInEnumeration)
        {
            member.health = value
        }
        if let value = check.enumeration(
            record, .labor, table: CodeTables.labor, missing: .memberFieldMissing, invalid: .memberNotInEnumeration)
        {
            member.labor = value
        }
        member.medicalInsured =
            check.boolean(
                record, .medicalInsured, isCSV: isCSV, missing: .memberFieldMissing, invalid: .memberFieldInvalid)
            ?? false
        member.seriousIllnessInsured =
            check.boolean(
                record, .seriousIllnessInsured, isCSV: isCSV, missing: .memberFieldMissing, invalid: .memberFieldInvalid
            ) ?? false
        member.pensionInsured =
            check.boolean(
                record, .pensionInsured, isCSV: isCSV, missing: .memberFieldMissing, invalid: .memberFieldInvalid)
            ?? false
        check.applicable(Self.memberRules)
        // Every member past the syntax check is spilled (its row is where the identity table finds
        // its pseudonym); a rejected one rejects its household, and `finish()` drops it with it.
        append(member)
    }

    // MARK: Bookkeeping

    /// The household number a member's rejection rows carry: CSV, the number it was matched by;
    /// XML, that of the household it is nested in (nil when that has no valid one).
    private func householdIDText(csv: [UInt8]?) -> String? {
        if isCSV { return csv.map { String(decoding: $0, as: UTF8.self) } }
        return hasCurrentHouseholdID ? String(decoding: currentHouseholdID, as: UTF8.self) : nil
    }

    /// `finish(_:householdID:)` for a household number given as its bytes: the text is made only
    /// when the record failed (most pass).
    private mutating func finish(_ check: RecordCheck, file: String, householdIDBytes: UnsafeBufferPointer<UInt8>?) {
        if check.failures.isEmpty {
            passes.add(check.passedRules)
        } else {
            finish(check, file: file, householdID: householdIDBytes.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Counts the record's passes and keeps its failures as rejections located in `file`.
    private mutating func finish(_ check: RecordCheck, file: String, householdID: String?) {
        passes.add(check.passedRules)
        for failure in check.failures {
            keep(
                Rejection(
                    rule: failure.rule, location: SourceLocation(file: file, line: check.line, column: check.column),
                    householdID: householdID, field: failure.field, message: failure.message))
        }
    }

    private mutating func count(pass rule: RuleCode) { passes.add(rule) }

    /// Ends validation: decides the household-level rules, fills the columns and the counts,
    /// applies the threshold (F014) and returns the batch.
    public mutating func finish() -> SubmissionBatch {
        let rejectedHouseholds = decideHouseholds()
        batch.counts.householdsRejected = rejectedHouseholds
        batch.counts.passes = passes.dictionary
        // Deterministic order: by file (in reading order), then line; ties keep their order.
        let order = Dictionary(uniqueKeysWithValues: fileOrder.enumerated().map { ($1, $0) })
        let sorted = batch.rejections.enumerated().sorted { a, b in
            let fa = order[a.element.location.file] ?? Int.max
            let fb = order[b.element.location.file] ?? Int.max
            return (fa, a.element.location.line, a.offset) < (fb, b.element.location.line, b.offset)
        }
        batch.rejections = sorted.map(\.element)
        if reason == nil && batch.counts.householdsReceived == 0 {
            // An empty registry would replace the province's data for the year with nothing: that
            // is never what a province means to send (docs/rules.md F020).
            reason = Rejection(
                rule: .noHouseholds,
                location: SourceLocation(
                    file: batch.files.first { $0.hasSuffix(".households.csv.gz") } ?? batch.files.first
                        ?? batch.key.id),
                message:
                    "the submission holds no household record: applying it would replace the data of province "
                    + "\(batch.key.province) for \(batch.key.year) with nothing; rejected whole (send the full "
                    + "registry)"
            )
        }
        if reason == nil {
            let received = batch.counts.householdsReceived
            // Cross-multiplied so that exactly the threshold is exact: 100·rejected > max·received.
            if Double(rejectedHouseholds) * 100 > options.maxRejectedHouseholdPct * Double(received) {
                let pct = (batch.counts.rejectedHouseholdPct * 100).rounded() / 100
                reason = Rejection(
                    rule: .tooManyRejectedHouseholds,
                    // Households come from the XML document or, in a CSV set, its households file.
                    location: SourceLocation(
                        file: batch.files.first { $0.hasSuffix(".households.csv.gz") } ?? batch.files.first
                            ?? batch.key.id),
                    message:
                        "\(rejectedHouseholds) of \(received) households rejected (\(pct)%), more than the allowed "
                        + "\(options.maxRejectedHouseholdPct)%"
                )
            } else {
                count(pass: .tooManyRejectedHouseholds)
                batch.counts.passes = passes.dictionary
            }
        }
        // Messages name fields by the contract's column names; a clerk with an XML file needs the
        // attribute it is written as.
        if !isCSV {
            for index in batch.rejections.indices {
                if let field = batch.rejections[index].field, let hint = RegistryElement.xmlHint(forField: field) {
                    batch.rejections[index].message += hint
                }
            }
        }
        // Safety net (runs-and-store.md, Personal data): whatever path a value took into a
        // message or a household number, no identity number leaves ingest in clear.
        for index in batch.rejections.indices {
            batch.rejections[index].message = IdentityNumber.maskEmbedded(in: batch.rejections[index].message)
            batch.rejections[index].householdID = batch.rejections[index].householdID.map(
                IdentityNumber.maskEmbedded(in:))
        }
        for index in batch.warnings.indices {
            batch.warnings[index].message = IdentityNumber.maskEmbedded(in: batch.warnings[index].message)
        }
        if var reason {
            reason.message = IdentityNumber.maskEmbedded(in: reason.message)
            batch.reason = reason
            batch.outcome = reason.rule == .checksumMismatch || reason.rule == .gzipTruncated ? .incomplete : .rejected
            // A submission is applied whole or not at all: hand nothing on that could be stored.
            batch.counties = CountyColumns()
            batch.villages = VillageColumns()
            batch.households = HouseholdColumns()
            batch.members = MemberColumns()
            batch.rows?.remove()
            batch.rows = nil
        } else {
            batch.outcome = .applied
        }
        return batch
    }

    /// Spills a household as read, with its decision state.
    private mutating func append(_ household: StagedHousehold, id: UnsafeBufferPointer<UInt8>?, file: Int) {
        let id = id ?? UnsafeBufferPointer(start: nil, count: 0)
        storage.memberCount.append(0)
        storage.headCount.append(0)
        storage.flags.append(household.isRejected ? ValidatorRows.rejected : 0)
        storage.households.append { p in
            StagedRowLayout.putHousehold(
                p, id: id, villageCode: household.villageCode, registeredYear: household.registeredYear,
                category: household.category, cause: household.cause, status: household.status,
                exitYear: household.exitYear, housingGrade: household.housingGrade, safeWater: household.safeWater,
                foodClothingSecured: household.foodClothingSecured, wage: household.incomeWageFen,
                operating: household.incomeOperatingFen, property: household.incomePropertyFen,
                transfer: household.incomeTransferFen, operatingCost: household.operatingCostFen,
                measures: household.measures, line: Int64(household.line), file: file, column: household.column)
        }
    }

    /// Spills a member (with its household's slot).
    private mutating func append(_ member: StagedMember) {
        storage.members.append { p in
            StagedRowLayout.putMember(
                p, household: member.household, key: member.identityKey, relation: member.relation, sex: member.sex,
                education: member.education, schooling: member.schooling, health: member.health, labor: member.labor,
                medicalInsured: member.medicalInsured, seriousIllnessInsured: member.seriousIllnessInsured,
                pensionInsured: member.pensionInsured, birthDate: member.birthDate, line: member.line)
        }
    }

    /// The bytes a CSV member's `household_id` matches a household by: its own when ASCII (every
    /// valid household number is); otherwise those of the text it equals as a Swift `String`
    /// (canonical equivalence: KELVIN SIGN is `K`), so matching stays what `[String: Int]` did.
    static func lookupKey(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return Array(bytes) }
        var out: [UInt8] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            let value = scalar.value == 0x212A ? 0x4B : scalar.value
            guard value < 0x80 else { return nil }
            out.append(UInt8(value))
        }
        return out
    }

    /// Decides the household-level rules (H-rules on members and heads, W004) over the spilled
    /// households in one pass, then keeps the members of accepted households renumbered, in one
    /// pass; sets the batch's rows (file-backed with a scratch folder, else columns). Returns the
    /// number of rejected households. Memory: the new index per household slot (4 bytes) and a
    /// piece of rows at a time.
    private mutating func decideHouseholds() -> Int {
        let spill = storage
        spill.households.flush()
        spill.members.flush()
        var newIndex = [Int32](repeating: -1, count: spill.householdCount)
        let kept = RowSpill(
            rowBytes: StagedRowLayout.householdBytes, path: spill.folder.map { $0 + "/households.rows" },
            fileSystem: spill.fileSystem)
        var rejectedHouseholds = 0
        var accepted: Int32 = 0
        var w004File: String?
        let rowBytes = StagedRowLayout.householdBytes
        spill.households.forEachChunk { first, bytes in
            let base = bytes.baseAddress!
            for row in 0..<(bytes.count / rowBytes) {
                let slot = first + row
                let p = base + row * rowBytes
                func location() -> SourceLocation {
                    let file = StagedRowLayout.householdFile(p)
                    return SourceLocation(
                        file: file < fileOrder.count ? fileOrder[file] : batch.key.id,
                        line: Int(StagedRowLayout.householdLine(p)), column: StagedRowLayout.householdColumn(p))
                }
                if slot == 0 { w004File = location().file }
                func id() -> String? {
                    StagedRowLayout.householdIDBytes(p).isEmpty ? nil : StagedRowLayout.householdID(p)
                }
                var failed = spill.flags[slot] & ValidatorRows.rejected != 0
                let members = spill.memberCount[slot]
                if members == 0 {
                    failed = true
                    keep(
                        Rejection(
                            rule: .noMembers, location: location(), householdID: id(),
                            message: "the household has no members"))
                } else {
                    count(pass: .noMembers)
                    let heads = spill.headCount[slot]
                    if heads != 1 {
                        failed = true
                        keep(
                            Rejection(
                                rule: .headCount, location: location(), householdID: id(),
                                message: "the household has \(heads) members with relation `head`, not exactly 1"))
                    } else {
                        count(pass: .headCount)
                    }
                }
                if spill.flags[slot] & ValidatorRows.duplicateIdentity == 0 { count(pass: .identityDuplicate) }
                if failed {
                    rejectedHouseholds += 1
                    continue
                }
                newIndex[slot] = accepted
                accepted += 1
                kept.append(rows: UnsafeRawBufferPointer(start: p, count: rowBytes))
                // W004: pcni = net / size above 100,000 yuan (indicators.md). An accepted
                // household's members were all accepted, so its size is its member count.
                let net = StagedRowLayout.householdNetFen(p)
                let size = Int64(members)
                if net > Self.pcniWarningFen * size {
                    let pcniYuan = Double(net) / Double(size) / 100
                    keep(
                        Diagnostic(
                            rule: .incomeAboveCeiling,
                            location: SourceLocation(
                                file: w004File ?? batch.key.id, line: Int(StagedRowLayout.householdLine(p))),
                            message:
                                "household \(StagedRowLayout.householdID(p)): per-capita net income "
                                + "\(pcniYuan.rounded()) yuan is above 100,000 yuan"
                        ))
                } else {
                    count(pass: .incomeAboveCeiling)
                }
            }
        }
        spill.households.remove()
        let keptMembers = RowSpill(
            rowBytes: StagedRowLayout.memberBytes, path: spill.folder.map { $0 + "/members.rows" },
            fileSystem: spill.fileSystem)
        let memberBytes = StagedRowLayout.memberBytes
        var piece: [UInt8] = []
        spill.members.forEachChunk { _, bytes in
            piece.removeAll(keepingCapacity: true)
            let base = bytes.baseAddress!
            for row in 0..<(bytes.count / memberBytes) {
                let p = base + row * memberBytes
                let index = newIndex[Int(StagedRowLayout.memberHousehold(p))]
                guard index >= 0 else { continue }
                let start = piece.count
                piece.append(contentsOf: UnsafeRawBufferPointer(start: p, count: memberBytes))
                piece.withUnsafeMutableBytes { StagedRowLayout.setMemberHousehold($0.baseAddress! + start, index) }
            }
            piece.withUnsafeBytes { keptMembers.append(rows: $0) }
        }
        spill.members.remove()
        batch.counts.membersAccepted = keptMembers.count
        // The kept rows' files stay open for reading (scratch files are readable).
        let householdFile = kept.takeFile()
        let memberFile = keptMembers.takeFile()
        if let failure = spill.failure ?? kept.failure ?? keptMembers.failure {
            batch.scratchFailure = failure
            try? householdFile?.close()  // try?: removed on the next lines
            try? memberFile?.close()
            kept.remove()
            keptMembers.remove()
            spill.removeFiles()
            return rejectedHouseholds
        }
        if let householdsPath = kept.path, let membersPath = keptMembers.path {
            let fileSystem = spill.fileSystem
            let folder = spill.folder
            batch.rows = FileBatchRows(
                households: .init(path: householdsPath, offset: 0, count: kept.count), householdFile: householdFile,
                members: .init(path: membersPath, offset: 0, count: keptMembers.count), memberFile: memberFile,
                removeFiles: { if let folder { fileSystem.removeTree(folder) } })
        } else {
            kept.memoryRows.withUnsafeBytes {
                _ = StagedRowLayout.appendHouseholds($0, count: kept.count, to: &batch.households)
            }
            keptMembers.memoryRows.withUnsafeBytes {
                _ = StagedRowLayout.appendMembers($0, count: keptMembers.count, to: &batch.members)
            }
        }
        return rejectedHouseholds
    }
}

/// A household as read, held until its members are known.
struct StagedHousehold {
    /// Where its start tag or row is (its file is the row's file number): no `SourceLocation`,
    /// whose file name cost a retain and a release per household (issue 20).
    var line: Int
    var column: Int?
    /// Whether it has a valid household number (the validator holds its bytes).
    var hasID = false
    var isDuplicate = false
    var isRejected = false
    var villageCode: Int64 = 0
    var registeredYear: Int32 = 0
    var category = Category.general
    var cause = Cause.other
    var status = HouseholdStatus.poor
    var exitYear: Int32?
    var housingGrade = HousingGrade.a
    var safeWater = false
    var foodClothingSecured = false
    var incomeWageFen: Int64 = 0
    var incomeOperatingFen: Int64 = 0
    var incomePropertyFen: Int64 = 0
    var incomeTransferFen: Int64 = 0
    var operatingCostFen: Int64 = 0
    var measures = MeasureSet()
    init(line: Int, column: Int?) {
        self.line = line
        self.column = column
    }
}

/// A member's identity number as checked, and pseudonymised when valid: ahead of the member's
/// other fields (`household(_:members:)`), or with them. Plain values: the normalised number
/// itself is not kept (a message masks it again from the value), so handing one on retains
/// nothing.
struct PrecheckedIdentity {
    enum Outcome {
        case valid(birthDate: CivilDate, sex: Sex, key: Pseudonym)
        case invalid(IdentityNumber.Problem)
    }
    var outcome: Outcome
}

/// A member record being checked; appended to the validator's member columns when it passes.
struct StagedMember {
    var household: Int32
    var line: Int64
    var identityKey = Pseudonym(w0: 0, w1: 0, w2: 0, w3: 0)
    var relation = Relation.other
    var sex = Sex.male
    var birthDate: Int32 = 0
    var education = Education.primary
    var schooling = Schooling.notInSchool
    var health = Health.healthy
    var labor = Labor.none
    var medicalInsured = false
    var seriousIllnessInsured = false
    var pensionInsured = false
    init(household: Int32, line: Int64) {
        self.household = household
        self.line = line
    }
}
