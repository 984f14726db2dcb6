// A submission's households and members as rows a store can read a range at a time (issue 20):
// ingest spills them to fixed-width rows on disk instead of handing on whole columns, and
// normalize reads each row group's rows as the Parquet writer asks for them.

/// The accepted households and members of a batch, readable by row range.
///
/// `households(range)` and `members(range)` return the rows `range` (0-based, in batch order)
/// as columns indexed from 0; a member's `householdIndex` is the household's position in the
/// whole batch. Implementations are safe to call from several threads at once.
public protocol BatchRows: AnyObject, Sendable {
    var householdCount: Int { get }
    var memberCount: Int { get }
    func households(_ range: Range<Int>) throws(BatchRowsError) -> HouseholdColumns
    func members(_ range: Range<Int>) throws(BatchRowsError) -> MemberColumns
    /// The `household_id` of each household position in `indices` (same order and length).
    func householdIDs(_ indices: [Int32]) throws(BatchRowsError) -> [String]
    /// Removes the files behind the rows, if any (after the batch was stored or recorded).
    func remove()
}

/// A failure to read spilled or staged rows, naming the file.
public struct BatchRowsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var path: String
    public init(_ message: String, path: String) {
        self.message = message
        self.path = path
    }
    public var description: String { "\(path): \(message)" }
}

/// Rows held in memory (tests, `jingzhun check`, small batches): the columns themselves.
public final class ColumnBatchRows: BatchRows {
    public let householdColumns: HouseholdColumns
    public let memberColumns: MemberColumns
    public init(households: HouseholdColumns, members: MemberColumns) {
        householdColumns = households
        memberColumns = members
    }
    public var householdCount: Int { householdColumns.count }
    public var memberCount: Int { memberColumns.count }
    public func households(_ range: Range<Int>) -> HouseholdColumns {
        range == householdColumns.householdID.indices ? householdColumns : householdColumns.slice(range)
    }
    public func members(_ range: Range<Int>) -> MemberColumns {
        range == memberColumns.householdIndex.indices ? memberColumns : memberColumns.slice(range)
    }
    public func householdIDs(_ indices: [Int32]) -> [String] { indices.map { householdColumns.householdID[Int($0)] } }
    public func remove() {}
}

extension MemberColumns {
    /// Members `range`, in order (their `householdIndex` unchanged).
    public func slice(_ range: Range<Int>) -> MemberColumns {
        var part = MemberColumns()
        part.householdIndex = Array(householdIndex[range])
        part.identityKey = Array(identityKey[range])
        part.relation = Array(relation[range])
        part.sex = Array(sex[range])
        part.birthDate = Array(birthDate[range])
        part.education = Array(education[range])
        part.schooling = Array(schooling[range])
        part.health = Array(health[range])
        part.labor = Array(labor[range])
        part.medicalInsured = Array(medicalInsured[range])
        part.seriousIllnessInsured = Array(seriousIllnessInsured[range])
        part.pensionInsured = Array(pensionInsured[range])
        part.sourceLine = Array(sourceLine[range])
        return part
    }
}

extension SubmissionBatch {
    /// Accepted households, whether held as columns or as rows.
    public var householdCount: Int { rows?.householdCount ?? households.count }
    /// Accepted members, whether held as columns or as rows.
    public var memberCount: Int { rows?.memberCount ?? members.count }
    /// The households and members as rows: `rows`, or the in-memory columns.
    public var rowSource: any BatchRows { rows ?? ColumnBatchRows(households: households, members: members) }
}

/// The fixed-width little-endian rows of spilled and staged households and members.
///
/// Household (120 bytes): household_id as a length byte and 32 bytes (length 0: no valid id),
/// category, cause, status, housing grade, safe water, food and clothing (one byte each),
/// village code (Int64 at 40), registered year (Int32 at 48), exit year (Int32 at 52, −1 for
/// none), the five money fields in fen (Int64 from 56), source line (Int64 at 96), measures
/// (UInt16 at 104), file number (UInt16 at 106) and
/// column (Int64 at 112, −1 for none): the validator's own use. Member (64 bytes):
/// household position (Int32 at 0), pseudonym (four UInt64 from 4), relation, sex, education,
/// schooling, health, labor and the three insurance flags (one byte each from 36), birth date
/// (Int32 at 48), source line (Int64 at 56). Only pseudonyms, never an identity number or a name.
public enum StagedRowLayout {
    public static let householdBytes = 120
    public static let memberBytes = 64

    // Inlinable, not only usable from inlinable code: `putHousehold` is inlined into ingest, and
    // there a `put` without its body was a call to the unspecialised generic (1 % of XML ingest).
    @inlinable @inline(__always)
    static func put<T: FixedWidthInteger>(_ v: T, _ p: UnsafeMutableRawPointer, _ at: Int) {
        p.storeBytes(of: v.littleEndian, toByteOffset: at, as: T.self)
    }
    @inline(__always) static func get<T: FixedWidthInteger>(_ p: UnsafeRawPointer, _ at: Int, _: T.Type) -> T {
        T(littleEndian: p.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    /// The household_id bytes of the household row at `p` (empty when it has none).
    @inline(__always) public static func householdIDBytes(_ p: UnsafeRawPointer) -> UnsafeRawBufferPointer {
        let length = min(Int(p.load(as: UInt8.self)), 32)
        return UnsafeRawBufferPointer(start: p + 1, count: length)
    }

    public static func householdID(_ p: UnsafeRawPointer) -> String {
        String(decoding: householdIDBytes(p), as: UTF8.self)
    }

    public static func householdLine(_ p: UnsafeRawPointer) -> Int64 { get(p, 96, Int64.self) }
    public static func householdFile(_ p: UnsafeRawPointer) -> Int { Int(get(p, 106, UInt16.self)) }
    public static func householdColumn(_ p: UnsafeRawPointer) -> Int? {
        let column = get(p, 112, Int64.self)
        return column < 0 ? nil : Int(column)
    }
    public static func householdNetFen(_ p: UnsafeRawPointer) -> Int64 {
        get(p, 56, Int64.self) + get(p, 64, Int64.self) + get(p, 72, Int64.self) + get(p, 80, Int64.self)
            - get(p, 88, Int64.self)
    }

    /// Writes a household row (`id` of 0-32 bytes).
    /// Inlinable so that ingest, which writes one row per household, gets the loop over `id`
    /// specialised (unspecialised, its generic iteration was 1 % of XML ingest, issue 20).
    @inlinable
    public static func putHousehold(
        _ p: UnsafeMutableRawPointer, id: some Collection<UInt8>, villageCode: Int64, registeredYear: Int32,
        category: Category, cause: Cause, status: HouseholdStatus, exitYear: Int32?, housingGrade: HousingGrade,
        safeWater: Bool, foodClothingSecured: Bool, wage: Int64, operating: Int64, property: Int64, transfer: Int64,
        operatingCost: Int64, measures: MeasureSet, line: Int64, file: Int, column: Int?
    ) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: householdBytes)
        precondition(id.count <= 32, "a household_id is at most 32 bytes")
        p.storeBytes(of: UInt8(id.count), as: UInt8.self)
        var at = 1
        for byte in id {
            p.storeBytes(of: byte, toByteOffset: at, as: UInt8.self)
            at += 1
        }
        // One store per byte (no array per row: ingest writes one row per household).
        p.storeBytes(of: UInt8(category.ordinal), toByteOffset: 33, as: UInt8.self)
        p.storeBytes(of: UInt8(cause.ordinal), toByteOffset: 34, as: UInt8.self)
        p.storeBytes(of: UInt8(status.ordinal), toByteOffset: 35, as: UInt8.self)
        p.storeBytes(of: UInt8(housingGrade.ordinal), toByteOffset: 36, as: UInt8.self)
        p.storeBytes(of: UInt8(safeWater ? 1 : 0), toByteOffset: 37, as: UInt8.self)
        p.storeBytes(of: UInt8(foodClothingSecured ? 1 : 0), toByteOffset: 38, as: UInt8.self)
        put(villageCode, p, 40)
        put(registeredYear, p, 48)
        put(exitYear ?? -1, p, 52)
        put(wage, p, 56)
        put(operating, p, 64)
        put(property, p, 72)
        put(transfer, p, 80)
        put(operatingCost, p, 88)
        put(line, p, 96)
        put(measures.rawValue, p, 104)
        put(UInt16(truncatingIfNeeded: file), p, 106)
        put(Int64(column ?? -1), p, 112)
    }

    /// Writes a member row.
    public static func putMember(
        _ p: UnsafeMutableRawPointer, household: Int32, key: Pseudonym, relation: Relation, sex: Sex,
        education: Education, schooling: Schooling, health: Health, labor: Labor, medicalInsured: Bool,
        seriousIllnessInsured: Bool, pensionInsured: Bool, birthDate: Int32, line: Int64
    ) {
        p.initializeMemory(as: UInt8.self, repeating: 0, count: memberBytes)
        put(household, p, 0)
        put(key.w0, p, 4)
        put(key.w1, p, 12)
        put(key.w2, p, 20)
        put(key.w3, p, 28)
        p.storeBytes(of: UInt8(relation.ordinal), toByteOffset: 36, as: UInt8.self)
        p.storeBytes(of: UInt8(sex.ordinal), toByteOffset: 37, as: UInt8.self)
        p.storeBytes(of: UInt8(education.ordinal), toByteOffset: 38, as: UInt8.self)
        p.storeBytes(of: UInt8(schooling.ordinal), toByteOffset: 39, as: UInt8.self)
        p.storeBytes(of: UInt8(health.ordinal), toByteOffset: 40, as: UInt8.self)
        p.storeBytes(of: UInt8(labor.ordinal), toByteOffset: 41, as: UInt8.self)
        p.storeBytes(of: UInt8(medicalInsured ? 1 : 0), toByteOffset: 42, as: UInt8.self)
        p.storeBytes(of: UInt8(seriousIllnessInsured ? 1 : 0), toByteOffset: 43, as: UInt8.self)
        p.storeBytes(of: UInt8(pensionInsured ? 1 : 0), toByteOffset: 44, as: UInt8.self)
        put(birthDate, p, 48)
        put(line, p, 56)
    }

    public static func memberHousehold(_ p: UnsafeRawPointer) -> Int32 { get(p, 0, Int32.self) }
    public static func setMemberHousehold(_ p: UnsafeMutableRawPointer, _ index: Int32) { put(index, p, 0) }
    public static func memberKey(_ p: UnsafeRawPointer) -> Pseudonym {
        Pseudonym(
            w0: get(p, 4, UInt64.self), w1: get(p, 12, UInt64.self), w2: get(p, 20, UInt64.self),
            w3: get(p, 28, UInt64.self))
    }

    /// A code byte as its enumeration case; nil when out of range (a damaged file).
    @inline(__always) static func code<E: ContractEnumeration>(_ byte: UInt8, _ cases: [E]) -> E? {
        Int(byte) < cases.count ? cases[Int(byte)] : nil
    }

    /// Rewrites household rows in place into the bytes `putHousehold` writes for the columns
    /// `appendHouseholds` decodes from them, as a staged batch holds them (file number 0, no
    /// column, flags 0 or 1); false, as there, when a code byte is out of range. The staged
    /// batch's encoder copies rows this way instead of decoding them into columns (a `String` per
    /// household) and encoding them again (6 % of XML ingest, issue 20).
    public static func restageHouseholds(_ bytes: UnsafeMutableRawBufferPointer, count: Int) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= count * householdBytes else { return false }
        let limits = [
            Category.allCases.count, Cause.allCases.count, HouseholdStatus.allCases.count,
            HousingGrade.allCases.count,
        ]
        for row in 0..<count {
            let p = base + row * householdBytes
            for (offset, limit) in limits.enumerated()
            where Int(p.load(fromByteOffset: 33 + offset, as: UInt8.self)) >= limit {
                return false
            }
            if p.load(as: UInt8.self) > 32 { return false }
            for offset in 37...38 {
                p.storeBytes(
                    of: p.load(fromByteOffset: offset, as: UInt8.self) != 0 ? 1 : 0, toByteOffset: offset,
                    as: UInt8.self)
            }
            put(UInt16(0), p, 106)
            put(Int64(-1), p, 112)
        }
        return true
    }

    /// Rewrites member rows in place into the bytes `putMember` writes for the columns
    /// `appendMembers` decodes from them (flags 0 or 1); false when a code byte is out of range
    /// or a row's household position is not below `households`.
    public static func restageMembers(_ bytes: UnsafeMutableRawBufferPointer, count: Int, households: Int) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= count * memberBytes else { return false }
        let limits = [
            Relation.allCases.count, Sex.allCases.count, Education.allCases.count,
            Schooling.allCases.count, Health.allCases.count, Labor.allCases.count,
        ]
        for row in 0..<count {
            let p = base + row * memberBytes
            for (offset, limit) in limits.enumerated()
            where Int(p.load(fromByteOffset: 36 + offset, as: UInt8.self)) >= limit {
                return false
            }
            let household = get(p, 0, Int32.self)
            if household < 0 || Int(household) >= households { return false }
            for offset in 42...44 {
                p.storeBytes(
                    of: p.load(fromByteOffset: offset, as: UInt8.self) != 0 ? 1 : 0, toByteOffset: offset,
                    as: UInt8.self)
            }
        }
        return true
    }

    /// Appends the `count` household rows at `bytes` to `h`; false when a code byte is out of range.
    public static func appendHouseholds(_ bytes: UnsafeRawBufferPointer, count: Int, to h: inout HouseholdColumns)
        -> Bool
    {
        let categories = Category.allCases
        let causes = Cause.allCases
        let statuses = HouseholdStatus.allCases
        let grades = HousingGrade.allCases
        guard let base = bytes.baseAddress, bytes.count >= count * householdBytes else { return false }
        h.householdID.reserveCapacity(h.count + count)
        for row in 0..<count {
            let p = base + row * householdBytes
            guard let category = code(p.load(fromByteOffset: 33, as: UInt8.self), categories),
                let cause = code(p.load(fromByteOffset: 34, as: UInt8.self), causes),
                let status = code(p.load(fromByteOffset: 35, as: UInt8.self), statuses),
                let grade = code(p.load(fromByteOffset: 36, as: UInt8.self), grades)
            else { return false }
            h.householdID.append(householdID(p))
            h.category.append(category)
            h.cause.append(cause)
            h.status.append(status)
            h.housingGrade.append(grade)
            h.safeWater.append(p.load(fromByteOffset: 37, as: UInt8.self) != 0)
            h.foodClothingSecured.append(p.load(fromByteOffset: 38, as: UInt8.self) != 0)
            h.villageCode.append(get(p, 40, Int64.self))
            h.registeredYear.append(get(p, 48, Int32.self))
            let exit = get(p, 52, Int32.self)
            h.exitYear.append(exit < 0 ? nil : exit)
            h.incomeWageFen.append(get(p, 56, Int64.self))
            h.incomeOperatingFen.append(get(p, 64, Int64.self))
            h.incomePropertyFen.append(get(p, 72, Int64.self))
            h.incomeTransferFen.append(get(p, 80, Int64.self))
            h.operatingCostFen.append(get(p, 88, Int64.self))
            h.sourceLine.append(get(p, 96, Int64.self))
            h.measures.append(MeasureSet(rawValue: get(p, 104, UInt16.self)))
        }
        return true
    }

    /// Appends the `count` member rows at `bytes` to `m`; false when a code byte is out of range.
    public static func appendMembers(_ bytes: UnsafeRawBufferPointer, count: Int, to m: inout MemberColumns) -> Bool {
        let relations = Relation.allCases
        let sexes = Sex.allCases
        let educations = Education.allCases
        let schoolings = Schooling.allCases
        let healths = Health.allCases
        let labors = Labor.allCases
        guard let base = bytes.baseAddress, bytes.count >= count * memberBytes else { return false }
        for row in 0..<count {
            let p = base + row * memberBytes
            guard let relation = code(p.load(fromByteOffset: 36, as: UInt8.self), relations),
                let sex = code(p.load(fromByteOffset: 37, as: UInt8.self), sexes),
                let education = code(p.load(fromByteOffset: 38, as: UInt8.self), educations),
                let schooling = code(p.load(fromByteOffset: 39, as: UInt8.self), schoolings),
                let health = code(p.load(fromByteOffset: 40, as: UInt8.self), healths),
                let labor = code(p.load(fromByteOffset: 41, as: UInt8.self), labors)
            else { return false }
            m.householdIndex.append(get(p, 0, Int32.self))
            m.identityKey.append(memberKey(p))
            m.relation.append(relation)
            m.sex.append(sex)
            m.education.append(education)
            m.schooling.append(schooling)
            m.health.append(health)
            m.labor.append(labor)
            m.medicalInsured.append(p.load(fromByteOffset: 42, as: UInt8.self) != 0)
            m.seriousIllnessInsured.append(p.load(fromByteOffset: 43, as: UInt8.self) != 0)
            m.pensionInsured.append(p.load(fromByteOffset: 44, as: UInt8.self) != 0)
            m.birthDate.append(get(p, 48, Int32.self))
            m.sourceLine.append(get(p, 56, Int64.self))
        }
        return true
    }
}
