import JingzhunCore
import JingzhunIO

/// Binary form of a validated `SubmissionBatch`, used to hand batches from `jingzhun-ingest` to
/// `jingzhun-normalize` when the stages run as separate processes (`<output>/staging/`).
///
/// Private to this program and versioned by its magic: a staged batch written by another version
/// is ignored and the submission is ingested again. Little-endian, length-prefixed.
///
/// Layout (version 4, issue 20): the magic, the head (key, files, outcome, counties, villages,
/// rejections, warnings, counts), then the accepted households and members as fixed-width rows
/// (`StagedRowLayout`), then a trailer of 32 bytes: the offset of the rows, the number of
/// households and of members, and `rowsMagic`. Normalize reads the head (small) and then any
/// range of rows with positioned reads (`read(_:)`), never the whole file.
enum BatchCodec {
    static let magic: [UInt8] = Array("JZBATCH4".utf8)
    static let rowsMagic: [UInt8] = Array("JZROWS4!".utf8)
    static let trailerBytes = 32
    /// Rows encoded at a time while writing.
    static let pieceRows = 4096

    /// Encodes into `bytes`; with an `output`, hands `bytes` on whenever it reaches `flushBytes`,
    /// so a staged batch is written in bounded pieces instead of being built whole in memory
    /// beside the batch (issue 20). The bytes are the same either way.
    struct Writer {
        var bytes: [UInt8] = []
        /// Receives each full buffer, in order; nil keeps everything in `bytes`.
        var output: ((_ piece: [UInt8]) -> Void)?
        var flushBytes = 1 << 20
        /// Bytes handed to `output` so far.
        var handedOn = 0
        var position: Int { handedOn + bytes.count }
        @inline(__always) mutating func flushIfFull() {
            guard bytes.count >= flushBytes, let output else { return }
            output(bytes)
            handedOn += bytes.count
            bytes.removeAll(keepingCapacity: true)
        }
        mutating func raw(_ row: UnsafeRawBufferPointer) {
            bytes.append(contentsOf: row)
            flushIfFull()
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

    static func encode(_ b: SubmissionBatch) throws(BatchRowsError) -> [UInt8] {
        var w = Writer()
        try encode(b, into: &w)
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
        do throws(BatchRowsError) {
            try encode(b, into: &w)
        } catch {
            failure = IOError("cannot read the batch's rows: \(error.message)", path: error.path, operation: .read)
        }
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
    static func encode(_ b: SubmissionBatch, into w: inout Writer) throws(BatchRowsError) {
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
        // The rows, a piece at a time (from disk when the batch holds them there).
        let rowsOffset = w.position
        let rows = b.rowSource
        if let file = rows as? FileBatchRows {
            // Rows spilled by the validator: copied as they are staged, not decoded into columns
            // and encoded again (the same bytes; issue 20).
            for start in stride(from: 0, to: rows.householdCount, by: pieceRows) {
                let bytes = try file.stagedHouseholdRows(start..<min(rows.householdCount, start + pieceRows))
                bytes.withUnsafeBytes { w.raw($0) }
            }
            for start in stride(from: 0, to: rows.memberCount, by: pieceRows) {
                let bytes = try file.stagedMemberRows(start..<min(rows.memberCount, start + pieceRows))
                bytes.withUnsafeBytes { w.raw($0) }
            }
        } else {
            try encodeRows(rows, into: &w)
        }
        w.i64(Int64(rowsOffset))
        w.i64(Int64(rows.householdCount))
        w.i64(Int64(rows.memberCount))
        rowsMagic.withUnsafeBytes { w.raw($0) }
    }

    /// Encodes rows from their columns, a piece at a time.
    private static func encodeRows(_ rows: any BatchRows, into w: inout Writer) throws(BatchRowsError) {
        var row = [UInt8](repeating: 0, count: StagedRowLayout.householdBytes)
        for start in stride(from: 0, to: rows.householdCount, by: pieceRows) {
            let h = try rows.households(start..<min(rows.householdCount, start + pieceRows))
            for i in 0..<h.count {
                row.withUnsafeMutableBytes { p in
                    StagedRowLayout.putHousehold(
                        p.baseAddress!, id: h.householdID[i].utf8, villageCode: h.villageCode[i],
                        registeredYear: h.registeredYear[i], category: h.category[i], cause: h.cause[i],
                        status: h.status[i], exitYear: h.exitYear[i], housingGrade: h.housingGrade[i],
                        safeWater: h.safeWater[i], foodClothingSecured: h.foodClothingSecured[i],
                        wage: h.incomeWageFen[i], operating: h.incomeOperatingFen[i],
                        property: h.incomePropertyFen[i], transfer: h.incomeTransferFen[i],
                        operatingCost: h.operatingCostFen[i], measures: h.measures[i], line: h.sourceLine[i], file: 0,
                        column: nil)
                }
                row.withUnsafeBytes { w.raw($0) }
            }
        }
        row = [UInt8](repeating: 0, count: StagedRowLayout.memberBytes)
        for start in stride(from: 0, to: rows.memberCount, by: pieceRows) {
            let m = try rows.members(start..<min(rows.memberCount, start + pieceRows))
            for i in 0..<m.count {
                row.withUnsafeMutableBytes { p in
                    StagedRowLayout.putMember(
                        p.baseAddress!, household: m.householdIndex[i], key: m.identityKey[i], relation: m.relation[i],
                        sex: m.sex[i], education: m.education[i], schooling: m.schooling[i], health: m.health[i],
                        labor: m.labor[i], medicalInsured: m.medicalInsured[i],
                        seriousIllnessInsured: m.seriousIllnessInsured[i], pensionInsured: m.pensionInsured[i],
                        birthDate: m.birthDate[i], line: m.sourceLine[i])
                }
                row.withUnsafeBytes { w.raw($0) }
            }
        }
    }

    /// The trailer of a staged batch of `size` bytes: where its rows start and how many there are;
    /// nil when the trailer does not fit the size (a cut or damaged file).
    static func trailer(_ bytes: [UInt8], size: Int) -> (rowsOffset: Int, households: Int, members: Int)? {
        guard bytes.count == trailerBytes, Array(bytes.suffix(8)) == rowsMagic else { return nil }
        var r = Reader(bytes: bytes)
        guard let offset = try? r.i64(), let households = try? r.i64(), let members = try? r.i64(),
            offset >= Int64(magic.count), households >= 0, members >= 0,
            households <= Int64(size / StagedRowLayout.householdBytes),
            members <= Int64(size / StagedRowLayout.memberBytes),
            offset + households * Int64(StagedRowLayout.householdBytes) + members * Int64(StagedRowLayout.memberBytes)
                + Int64(trailerBytes) == Int64(size)
        else { return nil }
        return (Int(offset), Int(households), Int(members))
    }

    /// Reads a staged batch's head, with its rows left in the file (`FileBatchRows`): memory
    /// holds the head, and later the rows asked for.
    static func read(_ path: String) throws(IOError) -> SubmissionBatch? {
        let file = try ReadOnlyFile(path: path)
        guard let size = POSIXFileSystem().size(path).map(Int.init), size >= magic.count + trailerBytes else {
            return nil
        }
        guard
            let (offset, households, members) = trailer(
                try file.read(at: size - trailerBytes, count: trailerBytes), size: size)
        else { return nil }
        guard var b = decodeHead(try file.read(at: 0, count: offset)) else { return nil }
        if households > 0 || members > 0 {
            b.rows = FileBatchRows(
                households: .init(path: path, offset: offset, count: households), householdFile: file,
                members: .init(
                    path: path, offset: offset + households * StagedRowLayout.householdBytes, count: members),
                memberFile: file)
        }
        return b
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

    /// Decodes a whole staged batch held in memory (tests): the head and the rows as columns.
    static func decode(_ bytes: [UInt8]) -> SubmissionBatch? {
        guard bytes.count >= magic.count + trailerBytes,
            let (offset, households, members) = trailer(Array(bytes.suffix(trailerBytes)), size: bytes.count),
            var b = decodeHead(Array(bytes[..<offset]))
        else { return nil }
        let membersOffset = offset + households * StagedRowLayout.householdBytes
        let ok = bytes.withUnsafeBytes { raw in
            StagedRowLayout.appendHouseholds(
                UnsafeRawBufferPointer(rebasing: raw[offset..<membersOffset]), count: households, to: &b.households)
                && StagedRowLayout.appendMembers(
                    UnsafeRawBufferPointer(rebasing: raw[membersOffset...]), count: members, to: &b.members)
        }
        guard ok, b.members.householdIndex.allSatisfy({ $0 >= 0 && Int($0) < households }) else { return nil }
        return b
    }

    /// Decodes the head of a staged batch (everything before its rows); the bytes must end with it.
    static func decodeHead(_ bytes: [UInt8]) -> SubmissionBatch? {
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
