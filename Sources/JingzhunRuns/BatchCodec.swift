import JingzhunCore
import JingzhunIO

/// Binary form of a validated `SubmissionBatch`, used to hand batches from `jingzhun-ingest` to
/// `jingzhun-normalize` when the stages run as separate processes (`<output>/staging/`).
///
/// Private to this program and versioned by its magic: a staged batch written by another version
/// is ignored and the submission is ingested again. Little-endian, length-prefixed.
enum BatchCodec {
    static let magic: [UInt8] = Array("JZBATCH3".utf8)

    /// Encodes into `bytes`; with an `output`, hands `bytes` on whenever it reaches `flushBytes`,
    /// so a staged batch is written in bounded pieces instead of being built whole in memory
    /// beside the batch (issue 20). The bytes are the same either way.
    struct Writer {
        var bytes: [UInt8] = []
        /// Receives each full buffer, in order; nil keeps everything in `bytes`.
        var output: ((_ piece: [UInt8]) -> Void)?
        var flushBytes = 1 << 20
        @inline(__always) mutating func flushIfFull() {
            guard bytes.count >= flushBytes, let output else { return }
            output(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        mutating func u8(_ v: UInt8) {
            bytes.append(v)
            flushIfFull()
        }
        mutating func i64(_ v: Int64) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
            flushIfFull()
        }
        mutating func i32(_ v: Int32) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
            flushIfFull()
        }
        mutating func u64(_ v: UInt64) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
            flushIfFull()
        }
        mutating func str(_ s: String) {
            let u = Array(s.utf8)
            i64(Int64(u.count))
            bytes.append(contentsOf: u)
            flushIfFull()
        }
        mutating func optStr(_ s: String?) {
            if let s {
                u8(1)
                str(s)
            } else {
                u8(0)
            }
        }
        mutating func bools(_ v: [Bool]) {
            i64(Int64(v.count))
            for b in v { u8(b ? 1 : 0) }
        }
        mutating func i64s(_ v: [Int64]) {
            i64(Int64(v.count))
            for x in v { i64(x) }
        }
        mutating func i32s(_ v: [Int32]) {
            i64(Int64(v.count))
            for x in v { i32(x) }
        }
        mutating func strs(_ v: [String]) {
            i64(Int64(v.count))
            for x in v { str(x) }
        }
        mutating func enums<E: ContractEnumeration>(_ v: [E]) {
            i64(Int64(v.count))
            for x in v { u8(UInt8(x.ordinal)) }
        }
        mutating func location(_ l: SourceLocation) {
            str(l.file)
            i64(Int64(l.line))
            i64(Int64(l.column ?? -1))
        }
        mutating func rejection(_ r: Rejection) {
            str(r.rule.rawValue)
            location(r.location)
            optStr(r.householdID)
            optStr(r.field)
            str(r.message)
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0
        struct Corrupt: Error {}
        mutating func u8() throws -> UInt8 {
            guard i < bytes.count else { throw Corrupt() }
            defer { i += 1 }
            return bytes[i]
        }
        mutating func raw(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, i + n <= bytes.count else { throw Corrupt() }
            defer { i += n }
            return bytes[i..<(i + n)]
        }
        mutating func i64() throws -> Int64 { try raw(8).reversed().reduce(0) { $0 << 8 | Int64($1) } }
        mutating func u64() throws -> UInt64 { try raw(8).reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        mutating func i32() throws -> Int32 {
            Int32(truncatingIfNeeded: try raw(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        mutating func count() throws -> Int {
            let n = try i64()
            guard n >= 0, n <= Int64(bytes.count - i) * 64 + 64 else { throw Corrupt() }
            return Int(n)
        }
        mutating func str() throws -> String { String(decoding: try raw(try count()), as: UTF8.self) }
        mutating func optStr() throws -> String? { try u8() == 1 ? try str() : nil }
        mutating func bools() throws -> [Bool] { try (0..<count()).map { _ in try u8() == 1 } }
        mutating func i64s() throws -> [Int64] { try (0..<count()).map { _ in try i64() } }
        mutating func i32s() throws -> [Int32] { try (0..<count()).map { _ in try i32() } }
        mutating func strs() throws -> [String] { try (0..<count()).map { _ in try str() } }
        mutating func enums<E: ContractEnumeration>() throws -> [E] {
            try (0..<count()).map { _ in
                let o = Int(try u8())
                guard o < E.allCases.count else { throw Corrupt() }
                return E.allCases[o]
            }
        }
        mutating func location() throws -> SourceLocation {
            let file = try str()
            let line = Int(try i64())
            let column = Int(try i64())
            return SourceLocation(file: file, line: line, column: column < 0 ? nil : column)
        }
        mutating func rejection() throws -> Rejection {
            guard let rule = RuleCode(rawValue: try str()) else { throw Corrupt() }
            return Rejection(
                rule: rule, location: try location(), householdID: try optStr(), field: try optStr(), message: try str()
            )
        }
    }

    static func encode(_ b: SubmissionBatch) -> [UInt8] {
        var w = Writer()
        encode(b, into: &w)
        return w.bytes
    }

    /// Writes a staged batch to `path` atomically, in pieces of about `flushBytes`: memory holds
    /// one piece, not the encoded batch. The file's bytes are those of `encode(b)`.
    static func write(_ b: SubmissionBatch, to path: String, flushBytes: Int = 1 << 20) throws(IOError) {
        let file = try AtomicFileWriter(path: path)
        var failure: IOError?
        var w = Writer()
        w.flushBytes = flushBytes
        w.output = { piece in
            guard failure == nil else { return }
            do throws(IOError) { try file.write(piece) } catch { failure = error }
        }
        encode(b, into: &w)
        if failure == nil {
            do throws(IOError) { try file.write(w.bytes) } catch { failure = error }
        }
        if let failure {
            file.abandon()
            throw failure
        }
        do { try file.commit() } catch {
            file.abandon()
            throw error
        }
    }

    /// Appends the encoding of `b` to `w` (through its `output` when it has one).
    static func encode(_ b: SubmissionBatch, into w: inout Writer) {
        w.bytes.append(contentsOf: magic)
        w.i32(b.key.province)
        w.i32(b.key.year)
        w.i32(b.key.revision)
        w.str(b.format.rawValue)
        w.strs(b.files)
        w.str(b.contentHash)
        w.str(b.outcome.rawValue)
        if let r = b.reason {
            w.u8(1)
            w.rejection(r)
        } else {
            w.u8(0)
        }
        let c = b.counties
        w.i32s(c.countyCode)
        w.i64s(c.ruralPopulation)
        w.i64s(c.ruralIncomeFen)
        w.i64s(c.sourceLine)
        let v = b.villages
        w.i64s(v.villageCode)
        w.strs(v.name)
        w.bools(v.isPoorVillage)
        w.i64s(v.population)
        w.bools(v.road)
        w.bools(v.water)
        w.bools(v.electricity)
        w.bools(v.broadband)
        w.bools(v.clinic)
        w.i64s(v.sourceLine)
        let h = b.households
        w.strs(h.householdID)
        w.i64s(h.villageCode)
        w.i32s(h.registeredYear)
        w.enums(h.category)
        w.enums(h.cause)
        w.enums(h.status)
        w.i32s(h.exitYear.map { $0 ?? -1 })
        w.enums(h.housingGrade)
        w.bools(h.safeWater)
        w.bools(h.foodClothingSecured)
        w.i64s(h.incomeWageFen)
        w.i64s(h.incomeOperatingFen)
        w.i64s(h.incomePropertyFen)
        w.i64s(h.incomeTransferFen)
        w.i64s(h.operatingCostFen)
        w.i64s(h.measures.map { Int64($0.rawValue) })
        w.i64s(h.sourceLine)
        let m = b.members
        w.i32s(m.householdIndex)
        w.i64(Int64(m.identityKey.count))
        for p in m.identityKey {
            w.u64(p.w0)
            w.u64(p.w1)
            w.u64(p.w2)
            w.u64(p.w3)
        }
        w.enums(m.relation)
        w.enums(m.sex)
        w.i32s(m.birthDate)
        w.enums(m.education)
        w.enums(m.schooling)
        w.enums(m.health)
        w.enums(m.labor)
        w.bools(m.medicalInsured)
        w.bools(m.seriousIllnessInsured)
        w.bools(m.pensionInsured)
        w.i64s(m.sourceLine)
        w.i64(Int64(b.rejections.count))
        for r in b.rejections { w.rejection(r) }
        w.i64(Int64(b.warnings.count))
        for d in b.warnings {
            w.str(d.rule.rawValue)
            w.location(d.location)
            w.str(d.message)
        }
        let k = b.counts
        for n in [
            k.householdsReceived, k.householdsRejected, k.membersReceived, k.membersAccepted, k.orphanMembers,
            k.countiesReceived, k.countiesRejected, k.villagesReceived, k.villagesRejected,
        ] { w.i64(Int64(n)) }
        let passes = k.passes.keys.sorted()
        w.i64(Int64(passes.count))
        for rule in passes {
            w.str(rule.rawValue)
            w.i64(Int64(k.passes[rule]!))
        }
        let findings = k.findings.keys.sorted()
        w.i64(Int64(findings.count))
        for rule in findings {
            w.str(rule.rawValue)
            w.i64(Int64(k.findings[rule]!))
        }
    }

    /// The submission key and content hash at the head of a staged batch, without decoding its
    /// columns (normalize orders the staged batches by them, then decodes one at a time).
    static func decodeHeader(_ bytes: [UInt8]) -> (key: SubmissionKey, contentHash: String)? {
        guard bytes.starts(with: magic) else { return nil }
        var r = Reader(bytes: bytes, i: magic.count)
        do {
            let key = SubmissionKey(province: try r.i32(), year: try r.i32(), revision: try r.i32())
            _ = try r.str()
            _ = try r.strs()
            return (key, try r.str())
        } catch {
            return nil
        }
    }

    static func decode(_ bytes: [UInt8]) -> SubmissionBatch? {
        guard bytes.starts(with: magic) else { return nil }
        var r = Reader(bytes: bytes, i: magic.count)
        do {
            let key = SubmissionKey(province: try r.i32(), year: try r.i32(), revision: try r.i32())
            guard let format = SubmissionFormat(rawValue: try r.str()) else { return nil }
            var b = SubmissionBatch(key: key, format: format, files: try r.strs(), contentHash: try r.str())
            guard let outcome = SubmissionOutcome(rawValue: try r.str()) else { return nil }
            b.outcome = outcome
            if try r.u8() == 1 { b.reason = try r.rejection() }
            b.counties.countyCode = try r.i32s()
            b.counties.ruralPopulation = try r.i64s()
            b.counties.ruralIncomeFen = try r.i64s()
            b.counties.sourceLine = try r.i64s()
            b.villages.villageCode = try r.i64s()
            b.villages.name = try r.strs()
            b.villages.isPoorVillage = try r.bools()
            b.villages.population = try r.i64s()
            b.villages.road = try r.bools()
            b.villages.water = try r.bools()
            b.villages.electricity = try r.bools()
            b.villages.broadband = try r.bools()
            b.villages.clinic = try r.bools()
            b.villages.sourceLine = try r.i64s()
            b.households.householdID = try r.strs()
            b.households.villageCode = try r.i64s()
            b.households.registeredYear = try r.i32s()
            b.households.category = try r.enums()
            b.households.cause = try r.enums()
            b.households.status = try r.enums()
            b.households.exitYear = try r.i32s().map { $0 < 0 ? nil : $0 }
            b.households.housingGrade = try r.enums()
            b.households.safeWater = try r.bools()
            b.households.foodClothingSecured = try r.bools()
            b.households.incomeWageFen = try r.i64s()
            b.households.incomeOperatingFen = try r.i64s()
            b.households.incomePropertyFen = try r.i64s()
            b.households.incomeTransferFen = try r.i64s()
            b.households.operatingCostFen = try r.i64s()
            b.households.measures = try r.i64s().map { MeasureSet(rawValue: UInt16(truncatingIfNeeded: $0)) }
            b.households.sourceLine = try r.i64s()
            b.members.householdIndex = try r.i32s()
            let n = try r.count()
            b.members.identityKey = try (0..<n).map { _ in
                Pseudonym(w0: try r.u64(), w1: try r.u64(), w2: try r.u64(), w3: try r.u64())
            }
            b.members.relation = try r.enums()
            b.members.sex = try r.enums()
            b.members.birthDate = try r.i32s()
            b.members.education = try r.enums()
            b.members.schooling = try r.enums()
            b.members.health = try r.enums()
            b.members.labor = try r.enums()
            b.members.medicalInsured = try r.bools()
            b.members.seriousIllnessInsured = try r.bools()
            b.members.pensionInsured = try r.bools()
            b.members.sourceLine = try r.i64s()
            b.rejections = try (0..<r.count()).map { _ in try r.rejection() }
            b.warnings = try (0..<r.count()).map { _ in
                guard let rule = RuleCode(rawValue: try r.str()) else { throw Reader.Corrupt() }
                return Diagnostic(rule: rule, location: try r.location(), message: try r.str())
            }
            var k = SubmissionCounts()
            k.householdsReceived = Int(try r.i64())
            k.householdsRejected = Int(try r.i64())
            k.membersReceived = Int(try r.i64())
            k.membersAccepted = Int(try r.i64())
            k.orphanMembers = Int(try r.i64())
            k.countiesReceived = Int(try r.i64())
            k.countiesRejected = Int(try r.i64())
            k.villagesReceived = Int(try r.i64())
            k.villagesRejected = Int(try r.i64())
            for _ in 0..<(try r.count()) {
                guard let rule = RuleCode(rawValue: try r.str()) else { return nil }
                k.passes[rule] = Int(try r.i64())
            }
            for _ in 0..<(try r.count()) {
                guard let rule = RuleCode(rawValue: try r.str()) else { return nil }
                k.findings[rule] = Int(try r.i64())
            }
            b.counts = k
            guard r.i == bytes.count else { return nil }
            return b
        } catch {
            return nil
        }
    }
}
