// Columnar, typed in-memory tables shared by every stage (house-style: typed arrays on the
// hot path, not arrays of row structs). Ingest fills them, the store writes and reads them,
// compute reads them. Money is kept in fen (1/100 yuan) as Int64 so sums are exact and
// independent of order; the store writes yuan as DOUBLE (Double(fen) / 100, the double
// nearest the submitted decimal).

/// County statistics (one row per county).
public struct CountyColumns: Sendable, Equatable {
    public var countyCode: [Int32] = []
    public var ruralPopulation: [Int64] = []
    public var ruralIncomeFen: [Int64] = []
    public var sourceLine: [Int64] = []
    public init() {}
    public var count: Int { countyCode.count }
}

/// Villages.
public struct VillageColumns: Sendable, Equatable {
    public var villageCode: [Int64] = []
    public var name: [String] = []
    public var isPoorVillage: [Bool] = []
    public var population: [Int64] = []
    public var road: [Bool] = []
    public var water: [Bool] = []
    public var electricity: [Bool] = []
    public var broadband: [Bool] = []
    public var clinic: [Bool] = []
    public var sourceLine: [Int64] = []
    public init() {}
    public var count: Int { villageCode.count }
}

/// Registered poor households (建档立卡户).
public struct HouseholdColumns: Sendable, Equatable {
    public var householdID: [String] = []
    public var villageCode: [Int64] = []
    public var registeredYear: [Int32] = []
    public var category: [Category] = []
    public var cause: [Cause] = []
    public var status: [HouseholdStatus] = []
    public var exitYear: [Int32?] = []
    public var housingGrade: [HousingGrade] = []
    public var safeWater: [Bool] = []
    public var foodClothingSecured: [Bool] = []
    public var incomeWageFen: [Int64] = []
    public var incomeOperatingFen: [Int64] = []
    public var incomePropertyFen: [Int64] = []
    public var incomeTransferFen: [Int64] = []
    public var operatingCostFen: [Int64] = []
    public var measures: [MeasureSet] = []
    public var sourceLine: [Int64] = []
    public init() {}
    public var count: Int { householdID.count }
    /// Room for `count` more rows in every column (a row group read whole: no regrowth, whose
    /// doubling left up to half of each column unused).
    public mutating func reserveCapacity(_ count: Int) {
        householdID.reserveCapacity(count)
        villageCode.reserveCapacity(count)
        registeredYear.reserveCapacity(count)
        category.reserveCapacity(count)
        cause.reserveCapacity(count)
        status.reserveCapacity(count)
        exitYear.reserveCapacity(count)
        housingGrade.reserveCapacity(count)
        safeWater.reserveCapacity(count)
        foodClothingSecured.reserveCapacity(count)
        incomeWageFen.reserveCapacity(count)
        incomeOperatingFen.reserveCapacity(count)
        incomePropertyFen.reserveCapacity(count)
        incomeTransferFen.reserveCapacity(count)
        operatingCostFen.reserveCapacity(count)
        measures.reserveCapacity(count)
        sourceLine.reserveCapacity(count)
    }
    /// net(h) = wage + operating + property + transfer − operating cost (indicators.md), in fen.
    @inlinable public func netFen(_ i: Int) -> Int64 {
        incomeWageFen[i] + incomeOperatingFen[i] + incomePropertyFen[i] + incomeTransferFen[i] - operatingCostFen[i]
    }

    /// Households `range`, in order (a part of a province-year: the store reads and compute tallies
    /// a province in such parts, issue 20).
    public func slice(_ range: Range<Int>) -> HouseholdColumns {
        slice(range, householdIDs: Array(householdID[range]))
    }

    /// Households `range` of every column but `householdID`, which is `householdIDs` (compute
    /// keeps a row group's household numbers apart, in 32 bytes each, and makes the `String`s of
    /// one part at a time: issue 20).
    public func slice(_ range: Range<Int>, householdIDs: [String]) -> HouseholdColumns {
        var part = HouseholdColumns()
        part.householdID = householdIDs
        part.villageCode = Array(villageCode[range])
        part.registeredYear = Array(registeredYear[range])
        part.category = Array(category[range])
        part.cause = Array(cause[range])
        part.status = Array(status[range])
        part.exitYear = Array(exitYear[range])
        part.housingGrade = Array(housingGrade[range])
        part.safeWater = Array(safeWater[range])
        part.foodClothingSecured = Array(foodClothingSecured[range])
        part.incomeWageFen = Array(incomeWageFen[range])
        part.incomeOperatingFen = Array(incomeOperatingFen[range])
        part.incomePropertyFen = Array(incomePropertyFen[range])
        part.incomeTransferFen = Array(incomeTransferFen[range])
        part.operatingCostFen = Array(operatingCostFen[range])
        part.measures = Array(measures[range])
        part.sourceLine = Array(sourceLine[range])
        return part
    }
}

/// A 256-bit keyed pseudonym of an identity number (HMAC-SHA-256), held inline (no heap).
public struct Pseudonym: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }
    /// From 32 bytes (big-endian words).
    /// Inlinable so that callers in other modules get a specialised loop: unspecialised, the
    /// generic iteration cost a sixth of CSV ingest time (one pseudonym per member).
    @inlinable
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "a pseudonym is 32 bytes")
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = 0
        for b in bytes {
            switch index / 8 {
            case 0: words.0 = words.0 << 8 | UInt64(b)
            case 1: words.1 = words.1 << 8 | UInt64(b)
            case 2: words.2 = words.2 << 8 | UInt64(b)
            default: words.3 = words.3 << 8 | UInt64(b)
            }
            index += 1
        }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }
    /// Parses 64 lowercase hex characters.
    public init?(hex: String) {
        var hex = hex
        guard let words = hex.withUTF8({ Pseudonym.words(hexUTF8: $0) }) else { return nil }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// Parses 64 lowercase hex characters.
    public init?(hex: some StringProtocol) { self.init(hex: String(hex)) }

    /// Value of each byte as a lowercase hex digit, 0xFF for any other byte.
    private static let hexValues: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x30...0x39: UInt8(byte - 0x30)
        case 0x61...0x66: UInt8(byte - 0x61 + 10)
        default: 0xFF
        }
    }

    /// The four big-endian words of 64 lowercase hex digits, in one pass over the bytes (the
    /// store reads one per member).
    private static func words(hexUTF8 u: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard u.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let table = Pseudonym.hexValues
        for word in 0..<4 {
            var value: UInt64 = 0
            var invalid: UInt8 = 0
            for i in (16 * word)..<(16 * word + 16) {
                let nibble = table[Int(u[i])]
                invalid |= nibble
                value = value << 4 | UInt64(nibble & 0x0F)
            }
            // 0xFF marks a byte that is not a lowercase hex digit.
            guard invalid & 0xF0 == 0 else { return nil }
            switch word {
            case 0: words.0 = value
            case 1: words.1 = value
            case 2: words.2 = value
            default: words.3 = value
            }
        }
        return words
    }

    /// 64 lowercase hex characters (written straight into the string's storage: the store
    /// writes one per member).
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            var index = 0
            for word in [w0, w1, w2, w3] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    out[index] = table[Int((word >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            return 64
        }
    }
    public var description: String { "pseudonym:" + hex.prefix(12) }
    public static func < (a: Pseudonym, b: Pseudonym) -> Bool { (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3) }
}

/// Household members. `householdIndex` points into the submission's `HouseholdColumns`.
public struct MemberColumns: Sendable, Equatable {
    public var householdIndex: [Int32] = []
    /// Keyed pseudonym of the identity number; the clear number never leaves ingest.
    public var identityKey: [Pseudonym] = []
    public var relation: [Relation] = []
    public var sex: [Sex] = []
    /// Birth date as days since 1970-01-01 (Parquet DATE).
    public var birthDate: [Int32] = []
    public var education: [Education] = []
    public var schooling: [Schooling] = []
    public var health: [Health] = []
    public var labor: [Labor] = []
    public var medicalInsured: [Bool] = []
    public var seriousIllnessInsured: [Bool] = []
    public var pensionInsured: [Bool] = []
    public var sourceLine: [Int64] = []
    public init() {}
    public var count: Int { householdIndex.count }
    /// Room for `count` rows in every column (a row group read whole: no regrowth).
    public mutating func reserveCapacity(_ count: Int) {
        householdIndex.reserveCapacity(count)
        identityKey.reserveCapacity(count)
        relation.reserveCapacity(count)
        sex.reserveCapacity(count)
        birthDate.reserveCapacity(count)
        education.reserveCapacity(count)
        schooling.reserveCapacity(count)
        health.reserveCapacity(count)
        labor.reserveCapacity(count)
        medicalInsured.reserveCapacity(count)
        seriousIllnessInsured.reserveCapacity(count)
        pensionInsured.reserveCapacity(count)
        sourceLine.reserveCapacity(count)
    }
}

/// Per-submission counts that decide the data-quality figures and the rejection threshold.
public struct SubmissionCounts: Sendable, Hashable {
    /// Household records read (submissions.md §Counting and order).
    public var householdsReceived = 0
    public var householdsRejected = 0
    public var membersReceived = 0
    public var membersAccepted = 0
    public var orphanMembers = 0
    public var countiesReceived = 0
    public var countiesRejected = 0
    public var villagesReceived = 0
    public var villagesRejected = 0
    /// Records that passed each rule (the validator counts checks as well as failures).
    public var passes: [RuleCode: Int] = [:]
    /// Per-record findings (rejection rows and warnings) of each rule, counted in full; only
    /// the first `examplesPerRule` of each rule are kept as rows (issue 13).
    public var findings: [RuleCode: Int] = [:]
    /// Most example rows kept per (rule, submission): a flood of bad rows (3,000,000 orphan
    /// member rows compress to 1 MB) is counted exactly but stored and shown only this many times.
    public static let examplesPerRule = 1_000
    public init() {}
    /// Warnings found, in full (the kept examples may be fewer).
    public var warningsFound: Int { findings.reduce(0) { $0 + ($1.key.isWarning ? $1.value : 0) } }
    /// submissions.md: 100 · rejected / received; 0 when nothing was received.
    public var rejectedHouseholdPct: Double {
        householdsReceived == 0 ? 0 : 100 * Double(householdsRejected) / Double(householdsReceived)
    }
}

/// The validated content of one submission: what ingest hands to the store.
public struct SubmissionBatch: Sendable {
    public var key: SubmissionKey
    public var format: SubmissionFormat
    /// Inbox-relative file names making up the submission, sorted.
    public var files: [String]
    /// SHA-256 (hex) over the submission's files, in `files` order (see JingzhunIO.ContentHash).
    public var contentHash: String
    public var counties = CountyColumns()
    public var villages = VillageColumns()
    public var households = HouseholdColumns()
    public var members = MemberColumns()
    /// The accepted households and members as rows on disk (issue 20: a province is never held
    /// whole); when set, `households` and `members` are empty and readers use `rowSource`.
    public var rows: (any BatchRows)?
    /// A scratch file ingest could not write or read (disk full, unwritable folder), naming the
    /// path: not the submission's fault, so the run stops instead of recording an outcome.
    public var scratchFailure: ScratchFailure?
    public var rejections: [Rejection] = []
    public var warnings: [Diagnostic] = []
    public var counts = SubmissionCounts()
    public var outcome: SubmissionOutcome = .applied
    /// Why the submission was rejected whole (outcome `.rejected` / `.incomplete`).
    public var reason: Rejection?
    public init(key: SubmissionKey, format: SubmissionFormat, files: [String], contentHash: String) {
        self.key = key
        self.format = format
        self.files = files
        self.contentHash = contentHash
    }
}

/// A scratch file that could not be written or read: the message names the path and the system's
/// words; the errno (when there is one) decides the run's exit status (74 for a full disk or a
/// file size limit, 77 for permissions), as for every other file the run writes.
public struct ScratchFailure: Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var path: String
    public var errno: Int32?
    public init(_ message: String, path: String, errno: Int32? = nil) {
        self.message = message
        self.path = path
        self.errno = errno
    }
    public var description: String { message }
}
