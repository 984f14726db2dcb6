import JingzhunCore

@testable import JingzhunStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh folder under the system temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(_ label: String) {
        var template = Array("/tmp/jingzhun-store-\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) != nil }
        precondition(made, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() { Self.removeTree(path) }

    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in (try? StoreFiles().list(path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// Every regular file under `root`, relative, sorted.
func allFiles(under root: String, prefix: String = "") -> [String] {
    var out: [String] = []
    for name in (try? StoreFiles().list(root + (prefix.isEmpty ? "" : "/" + prefix))) ?? [] {
        let relative = prefix.isEmpty ? name : prefix + "/" + name
        if StoreFiles().isDirectory(root + "/" + relative) {
            out += allFiles(under: root, prefix: relative)
        } else {
            out.append(relative)
        }
    }
    return out
}

func readText(_ path: String) throws -> String {
    String(decoding: try StoreFiles().readAll(path), as: UTF8.self)
}

/// Small hand-built submissions whose values are known exactly.
enum Fixtures {
    /// A fixed SHA-256-shaped content hash, different per revision.
    static func contentHash(_ revision: Int32, variant: UInt8 = 0) -> String {
        let digit = Array("0123456789abcdef")[Int(revision) % 16]
        let other = Array("0123456789abcdef")[Int(variant) % 16]
        return String(repeating: String(digit), count: 32) + String(repeating: String(other), count: 32)
    }

    static func pseudonym(_ n: UInt64) -> Pseudonym {
        Pseudonym(w0: 0x0123_4567_89AB_CDEF, w1: n, w2: n &* 31, w3: ~n)
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> Int32 {
        guard let date = CivilDate(year: y, month: m, day: d) else { preconditionFailure("bad fixture date") }
        return date.daysSinceEpoch
    }

    /// Province 52 (Guizhou), 2019: one county, two villages, three households, five members.
    /// `householdCount` < 3 keeps the first households (a smaller later revision).
    static func guizhou2019(revision: Int32 = 1, householdCount: Int = 3, incomeShiftFen: Int64 = 0) -> SubmissionBatch
    {
        let key = SubmissionKey(province: 52, year: 2019, revision: revision)
        var batch = SubmissionBatch(
            key: key, format: .csvGzip,
            files: [
                "\(key.id).counties.csv.gz", "\(key.id).households.csv.gz", "\(key.id).members.csv.gz",
                "\(key.id).villages.csv.gz",
            ],
            contentHash: contentHash(revision))

        batch.counties.countyCode = [520_102]
        batch.counties.ruralPopulation = [184_000]
        batch.counties.ruralIncomeFen = [1_234_567]  // 12,345.67 yuan
        batch.counties.sourceLine = [2]

        batch.villages.villageCode = [520_102_001_001, 520_102_001_002]
        batch.villages.name = ["花溪村", "Qingyan \"Old\" Town, 2"]
        batch.villages.isPoorVillage = [true, false]
        batch.villages.population = [1_203, 0]
        batch.villages.road = [true, false]
        batch.villages.water = [false, true]
        batch.villages.electricity = [true, true]
        batch.villages.broadband = [false, false]
        batch.villages.clinic = [true, false]
        batch.villages.sourceLine = [2, 3]

        var h = HouseholdColumns()
        h.householdID = ["GZ-0001", "GZ-0002", "GZ-0003"]
        h.villageCode = [520_102_001_001, 520_102_001_001, 520_102_001_002]
        h.registeredYear = [2014, 2016, 2019]
        h.category = [.general, .lowIncomeGuarantee, .extremePovertySupport]
        h.cause = [.illness, .lackOfSkills, .other]
        h.status = [.poor, .exited, .returned]
        h.exitYear = [nil, 2019, 2017]
        h.housingGrade = [.a, .c, .d]
        h.safeWater = [true, false, true]
        h.foodClothingSecured = [true, true, false]
        // 999_999_999 fen = 9,999,999.99 yuan: the largest amount the contract allows.
        h.incomeWageFen = [1_200_050 + incomeShiftFen, 0, 999_999_999]
        h.incomeOperatingFen = [-15_050, 250_001, 0]
        h.incomePropertyFen = [1, 0, 10]
        h.incomeTransferFen = [36_000, 48_000, 0]
        h.operatingCostFen = [5_000, 0, 7]
        h.measures = [MeasureSet([.health, .education]), MeasureSet(), MeasureSet(Measure.allCases)]
        h.sourceLine = [2, 3, 4]

        var m = MemberColumns()
        // Members out of household order, to check the join rebuilds each index.
        m.householdIndex = [0, 1, 0, 2, 2]
        m.identityKey = (1...5).map { pseudonym(UInt64($0)) }
        m.relation = [.head, .head, .spouse, .head, .child]
        m.sex = [.male, .female, .female, .male, .female]
        m.birthDate = [date(1949, 12, 31), date(1980, 2, 29), date(1952, 1, 1), date(1970, 6, 15), date(2010, 9, 1)]
        m.education = [.primary, .juniorSecondary, .illiterate, .seniorSecondary, .primary]
        m.schooling = [.notInSchool, .notInSchool, .notInSchool, .notInSchool, .inSchool]
        m.health = [.chronicIllness, .healthy, .disabled, .healthy, .healthy]
        m.labor = [.weak, .skilled, .lost, .ordinary, .none]
        m.medicalInsured = [true, true, false, true, true]
        m.seriousIllnessInsured = [true, false, false, true, true]
        m.pensionInsured = [true, true, true, false, false]
        m.sourceLine = [2, 3, 4, 5, 6]

        if householdCount < 3 {
            let keep = Set(0..<householdCount)
            func pick<T>(_ values: [T]) -> [T] { values.indices.filter { keep.contains($0) }.map { values[$0] } }
            h.householdID = pick(h.householdID)
            h.villageCode = pick(h.villageCode)
            h.registeredYear = pick(h.registeredYear)
            h.category = pick(h.category)
            h.cause = pick(h.cause)
            h.status = pick(h.status)
            h.exitYear = pick(h.exitYear)
            h.housingGrade = pick(h.housingGrade)
            h.safeWater = pick(h.safeWater)
            h.foodClothingSecured = pick(h.foodClothingSecured)
            h.incomeWageFen = pick(h.incomeWageFen)
            h.incomeOperatingFen = pick(h.incomeOperatingFen)
            h.incomePropertyFen = pick(h.incomePropertyFen)
            h.incomeTransferFen = pick(h.incomeTransferFen)
            h.operatingCostFen = pick(h.operatingCostFen)
            h.measures = pick(h.measures)
            h.sourceLine = pick(h.sourceLine)
            let memberRows = m.householdIndex.indices.filter { keep.contains(Int(m.householdIndex[$0])) }
            func pickMembers<T>(_ values: [T]) -> [T] { memberRows.map { values[$0] } }
            m.householdIndex = pickMembers(m.householdIndex)
            m.identityKey = pickMembers(m.identityKey)
            m.relation = pickMembers(m.relation)
            m.sex = pickMembers(m.sex)
            m.birthDate = pickMembers(m.birthDate)
            m.education = pickMembers(m.education)
            m.schooling = pickMembers(m.schooling)
            m.health = pickMembers(m.health)
            m.labor = pickMembers(m.labor)
            m.medicalInsured = pickMembers(m.medicalInsured)
            m.seriousIllnessInsured = pickMembers(m.seriousIllnessInsured)
            m.pensionInsured = pickMembers(m.pensionInsured)
            m.sourceLine = pickMembers(m.sourceLine)
        }
        batch.households = h
        batch.members = m

        batch.rejections = [
            Rejection(
                rule: .householdFieldInvalid,
                location: SourceLocation(file: "\(key.id).households.csv.gz", line: 5, column: 12),
                householdID: "GZ-0004", field: "income_wage", message: "income_wage '12,5' is not a decimal"),
            Rejection(
                rule: .identityCheckCharacter, location: SourceLocation(file: "\(key.id).members.csv.gz", line: 9),
                householdID: "GZ-0005", field: "member_id",
                message: "member_id 520102********123X has a wrong check character"),
        ]
        batch.warnings = [
            Diagnostic(
                rule: .unknownColumn, location: SourceLocation(file: "\(key.id).villages.csv.gz", line: 1),
                message: "unknown column 'remark' ignored")
        ]
        batch.counts.householdsReceived = householdCount + 2
        batch.counts.householdsRejected = 2
        batch.counts.membersReceived = batch.members.count + 3
        batch.counts.membersAccepted = batch.members.count
        batch.counts.orphanMembers = 1
        batch.counts.countiesReceived = 1
        batch.counts.villagesReceived = 2
        batch.counts.passes = [.householdFieldInvalid: householdCount + 1, .identityCheckCharacter: 6]
        return batch
    }

    /// Province 45 (Guangxi), 2019: one county, one village, one household with one member.
    static func guangxi2019() -> SubmissionBatch {
        let key = SubmissionKey(province: 45, year: 2019, revision: 3)
        var batch = SubmissionBatch(
            key: key, format: .xmlGzip, files: ["\(key.id).registry.xml.gz"], contentHash: contentHash(3, variant: 9))
        batch.counties.countyCode = [450_123]
        batch.counties.ruralPopulation = [52_000]
        batch.counties.ruralIncomeFen = [980_000]
        batch.counties.sourceLine = [3]
        batch.villages.villageCode = [450_123_100_200]
        batch.villages.name = ["那坡村"]
        batch.villages.isPoorVillage = [true]
        batch.villages.population = [800]
        batch.villages.road = [true]
        batch.villages.water = [true]
        batch.villages.electricity = [true]
        batch.villages.broadband = [true]
        batch.villages.clinic = [true]
        batch.villages.sourceLine = [4]
        batch.households.householdID = ["GX-9"]
        batch.households.villageCode = [450_123_100_200]
        batch.households.registeredYear = [2015]
        batch.households.category = [.general]
        batch.households.cause = [.disaster]
        batch.households.status = [.removed]
        batch.households.exitYear = [nil]
        batch.households.housingGrade = [.b]
        batch.households.safeWater = [true]
        batch.households.foodClothingSecured = [true]
        batch.households.incomeWageFen = [10]
        batch.households.incomeOperatingFen = [20]
        batch.households.incomePropertyFen = [30]
        batch.households.incomeTransferFen = [40]
        batch.households.operatingCostFen = [50]
        batch.households.measures = [MeasureSet([.microcredit])]
        batch.households.sourceLine = [5]
        batch.members.householdIndex = [0]
        batch.members.identityKey = [pseudonym(99)]
        batch.members.relation = [.head]
        batch.members.sex = [.male]
        batch.members.birthDate = [date(1961, 3, 8)]
        batch.members.education = [.primary]
        batch.members.schooling = [.notInSchool]
        batch.members.health = [.healthy]
        batch.members.labor = [.ordinary]
        batch.members.medicalInsured = [true]
        batch.members.seriousIllnessInsured = [true]
        batch.members.pensionInsured = [true]
        batch.members.sourceLine = [6]
        batch.counts.householdsReceived = 1
        batch.counts.membersReceived = 1
        batch.counts.membersAccepted = 1
        batch.counts.countiesReceived = 1
        batch.counts.villagesReceived = 1
        return batch
    }

    /// A revision of 52-2019 rejected whole for too many rejected households (F014).
    static func rejectedGuizhou(revision: Int32) -> SubmissionBatch {
        let key = SubmissionKey(province: 52, year: 2019, revision: revision)
        var batch = SubmissionBatch(
            key: key, format: .xml, files: ["\(key.id).registry.xml"], contentHash: contentHash(revision, variant: 1))
        batch.outcome = .rejected
        batch.reason = Rejection(
            rule: .tooManyRejectedHouseholds, location: SourceLocation(file: "\(key.id).registry.xml"),
            message: "40.00% of households rejected, more than max_rejected_household_pct 5")
        batch.rejections = [
            Rejection(
                rule: .headCount, location: SourceLocation(file: "\(key.id).registry.xml", line: 40),
                householdID: "GZ-0001",
                message: "household GZ-0001 has 2 members with relation head")
        ]
        batch.counts.householdsReceived = 5
        batch.counts.householdsRejected = 2
        return batch
    }
}
