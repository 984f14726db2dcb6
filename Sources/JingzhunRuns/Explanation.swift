import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
import JingzhunIndicators
import JingzhunStore

/// `jingzhun explain RUN_A RUN_B`: every indicator value that differs between two runs' stores,
/// with why (docs/explain.md).
///
/// Each run's store is read as its manifest recorded it (`store.written`, Delta time travel, as
/// `report --as-of`). A value differs when it is present in one run and not the other, or null in
/// one and not the other, or the two doubles differ at all. Its causes:
/// - the submissions whose (province, year) is in the value's scope and whose revision in force
///   changed: the one that entered the records in force in run B and the one that left them.
///   Scope: the area's province (every province for the nation), years y and y − 1 (an indicator
///   of y also reads y − 1: panel income, growth, `prev`); `cross_province_duplicates` reads every
///   province of y. When nothing in that scope changed, earlier years of the area's provinces are
///   searched (a `prev` of a `prev`), then every province of y;
/// - the catalogue files, the reference data and the program version, when the two manifests
///   differ in them (each may change any value);
/// - for the M0 of an Alkire–Foster indicator (catalogue.md §Alkire–Foster), the change split
///   into the part from H and the part from A: ΔM0 = ΔH·Ā + H̄·ΔA, bars the means of the two runs.
public struct Explanation: Sendable {
    /// What a manifest says about the inputs of a run.
    public struct RunFacts: Sendable {
        public var runID: String
        public var toolVersion: String
        public var gitCommit: String
        /// `path sha256` of each catalogue file (compared by digest only).
        public var catalogues: [String]
        public var referenceSHA256: String
        public var versions: StoreVersions
    }

    /// A submission that entered or left the records in force between the two runs.
    public struct SubmissionChange: Sendable, Hashable {
        public enum Direction: String, Sendable { case entered, left }
        public var key: SubmissionKey
        public var direction: Direction
    }

    /// One value that differs, with its causes.
    public struct Difference: Sendable {
        public var year: Int32
        public var level: AreaLevel
        public var areaCode: String
        public var indicator: String
        /// nil: null; `present` false: no row at all in that run.
        public var valueA: Double?
        public var valueB: Double?
        public var presentA: Bool
        public var presentB: Bool
        public var submissions: [SubmissionChange]
        /// The submissions were found only outside the value's direct scope (see the type's doc).
        public var widened: Bool
        /// For `{id}_m0` of an AF indicator: (ΔH·Ā, H̄·ΔA).
        public var m0Split: (fromH: Double, fromA: Double)?
    }

    public var runA: RunFacts
    public var runB: RunFacts
    /// Every submission change between the runs, sorted by province, year, direction.
    public var submissionChanges: [SubmissionChange]
    public var differences: [Difference]
    /// Values compared (rows of both runs after the filters).
    public var compared: Int

    public var programChanged: Bool { runA.toolVersion != runB.toolVersion || runA.gitCommit != runB.gitCommit }
    public var catalogueChanged: Bool {
        runA.catalogues.map { $0.split(separator: " ").last } != runB.catalogues.map { $0.split(separator: " ").last }
    }
    public var referenceChanged: Bool { runA.referenceSHA256 != runB.referenceSHA256 }
}

extension Explanation {
    /// Compares two snapshots (`a` as of run A, `b` as of run B).
    /// - Parameters:
    ///   - afIndicators: ids of the catalogue's `kind: af` indicators (their `{id}_m0` is split).
    ///   - indicator: only this id (or, for an AF id, its exported ids); nil: all.
    ///   - area: only this area code; nil: all.
    static func compare(
        _ a: StoreSnapshot, _ b: StoreSnapshot, runA: RunFacts, runB: RunFacts, afIndicators: Set<String>,
        indicator: String?, area: String?
    ) throws(StoreError) -> Explanation {
        // Records in force, per (province, year), as (id, content hash).
        func inForce(_ s: StoreSnapshot) throws(StoreError) -> [SlotKey: SubmissionRecord] {
            var out: [SlotKey: SubmissionRecord] = [:]
            for r in try s.inForce() { out[SlotKey(province: r.key.province, year: r.key.year)] = r }
            return out
        }
        let forceA = try inForce(a)
        let forceB = try inForce(b)
        var changes: [SlotKey: [SubmissionChange]] = [:]
        for slot in Set(forceA.keys).union(forceB.keys) {
            let before = forceA[slot]
            let after = forceB[slot]
            if before?.key == after?.key && before?.contentHash == after?.contentHash { continue }
            var list: [SubmissionChange] = []
            if let after { list.append(SubmissionChange(key: after.key, direction: .entered)) }
            if let before { list.append(SubmissionChange(key: before.key, direction: .left)) }
            changes[slot] = list
        }
        let allChanges = changes.keys.sorted().flatMap { changes[$0] ?? [] }

        func matchesFilter(_ row: IndicatorRow) -> Bool {
            if let area, row.areaCode != area { return false }
            guard let indicator else { return true }
            if row.indicator == indicator { return true }
            return afIndicators.contains(indicator) && row.indicator.hasPrefix(indicator + "_")
        }
        let years = Set(try a.years()).union(try b.years()).sorted()
        var differences: [Difference] = []
        var compared = 0
        for year in years {
            var rowsA: [RowKey: Double?] = [:]
            for row in try a.readIndicators(year: year) where matchesFilter(row) { rowsA[RowKey(row)] = row.value }
            var rowsB: [RowKey: Double?] = [:]
            for row in try b.readIndicators(year: year) where matchesFilter(row) { rowsB[RowKey(row)] = row.value }
            let keys = Set(rowsA.keys).union(rowsB.keys)
            compared += keys.count
            for key in keys {
                let valueA = rowsA[key] ?? nil
                let valueB = rowsB[key] ?? nil
                let presentA = rowsA[key] != nil
                let presentB = rowsB[key] != nil
                guard presentA != presentB || !Self.same(valueA, valueB) else { continue }
                let (found, widened) = Self.causes(key, changes: changes)
                var difference = Difference(
                    year: key.year, level: key.level, areaCode: key.areaCode, indicator: key.indicator,
                    valueA: valueA, valueB: valueB, presentA: presentA, presentB: presentB,
                    submissions: found, widened: widened, m0Split: nil)
                if key.indicator.hasSuffix("_m0"), afIndicators.contains(String(key.indicator.dropLast(3))) {
                    let family = String(key.indicator.dropLast(3))
                    func value(_ rows: [RowKey: Double?], _ suffix: String) -> Double? {
                        var k = key
                        k.indicator = family + suffix
                        return rows[k] ?? nil
                    }
                    difference.m0Split = Self.m0Split(
                        hA: value(rowsA, "_h"), aA: value(rowsA, "_a"), hB: value(rowsB, "_h"), aB: value(rowsB, "_a"))
                }
                differences.append(difference)
            }
        }
        differences.sort { x, y in
            if x.year != y.year { return x.year < y.year }
            if x.level != y.level { return x.level < y.level }
            if x.areaCode != y.areaCode { return x.areaCode.utf8.lexicographicallyPrecedes(y.areaCode.utf8) }
            return x.indicator.utf8.lexicographicallyPrecedes(y.indicator.utf8)
        }
        return Explanation(
            runA: runA, runB: runB, submissionChanges: allChanges, differences: differences, compared: compared)
    }

    /// ΔM0 = ΔH·Ā + H̄·ΔA. A null A (nobody poor) counts as 0 when its H is 0 (M0 is 0 then).
    static func m0Split(hA: Double?, aA: Double?, hB: Double?, aB: Double?) -> (fromH: Double, fromA: Double)? {
        guard let hA, let hB else { return nil }
        guard let aA = aA ?? (hA == 0 ? 0 : nil), let aB = aB ?? (hB == 0 ? 0 : nil) else { return nil }
        return ((hB - hA) * (aA + aB) / 2, (hA + hB) / 2 * (aB - aA))
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): x == y
        default: false
        }
    }

    /// The submission changes in the scope of a value, and whether the scope had to be widened.
    static func causes(_ key: RowKey, changes: [SlotKey: [SubmissionChange]]) -> ([SubmissionChange], Bool) {
        let province: Int32? = key.level == .nation ? nil : Int32(key.areaCode.prefix(2))
        func collect(_ include: (SlotKey) -> Bool) -> [SubmissionChange] {
            changes.keys.filter(include).sorted().flatMap { changes[$0] ?? [] }
        }
        func inArea(_ slot: SlotKey) -> Bool { province == nil || slot.province == province }
        let direct: [SubmissionChange]
        if key.indicator == "cross_province_duplicates" {
            direct = collect { $0.year == key.year }
        } else {
            direct = collect { inArea($0) && ($0.year == key.year || $0.year == key.year - 1) }
        }
        if !direct.isEmpty { return (direct, false) }
        let earlier = collect { inArea($0) && $0.year < key.year }
        if !earlier.isEmpty { return (earlier, true) }
        return (collect { $0.year == key.year }, true)
    }

    struct SlotKey: Hashable, Comparable {
        var province: Int32
        var year: Int32
        static func < (a: SlotKey, b: SlotKey) -> Bool { (a.province, a.year) < (b.province, b.year) }
    }

    struct RowKey: Hashable {
        var year: Int32
        var level: AreaLevel
        var areaCode: String
        var indicator: String
        init(_ row: IndicatorRow) {
            year = row.year
            level = row.level
            areaCode = row.areaCode
            indicator = row.indicator
        }
    }
}

// MARK: - Output

extension Explanation {
    /// Header of the CSV form.
    public static let csvHeader = "year,level,area_code,indicator,value_a,value_b,causes,m0_from_h,m0_from_a"

    /// The machine form: one row per differing value, in export order. `value_*` is empty for
    /// null (and for a row missing in that run, which `causes` then says); `causes` lists
    /// `entered:ID` / `left:ID` (submission ids `province-year-rREVISION`), `earlier-input` when
    /// the scope had to be widened, and `catalogue`, `reference`, `program` when those changed,
    /// separated by `;`.
    public func csv() -> String {
        var out = Self.csvHeader + "\n"
        for d in differences {
            let cells: [String] = [
                String(d.year), d.level.rawValue, d.areaCode, d.indicator,
                ExportNumberFormat.text(d.valueA), ExportNumberFormat.text(d.valueB),
                causeTokens(d).joined(separator: ";"),
                ExportNumberFormat.text(d.m0Split?.fromH), ExportNumberFormat.text(d.m0Split?.fromA),
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    func causeTokens(_ d: Difference) -> [String] {
        var tokens = d.submissions.map { "\($0.direction.rawValue):\($0.key.id)" }
        if !d.presentA { tokens.append("new-row") }
        if !d.presentB { tokens.append("row-removed") }
        if d.widened && !d.submissions.isEmpty { tokens.append("earlier-input") }
        if catalogueChanged { tokens.append("catalogue") }
        if referenceChanged { tokens.append("reference") }
        if programChanged { tokens.append("program") }
        return tokens
    }

    /// The form for people: what changed between the runs, then each differing value with its causes.
    public func text() -> String {
        var out =
            """
            Run A: \(runA.runID) (store versions \(runA.versions))\nRun B: \(runB.runID) (store versions \
            \(runB.versions))\n\n
            """
        out +=
            programChanged
            ? """
            Program: changed, jingzhun \(runA.toolVersion) (\(runA.gitCommit)) → \(runB.toolVersion) \
            (\(runB.gitCommit))\n
            """
            : "Program: unchanged (jingzhun \(runB.toolVersion))\n"
        out +=
            catalogueChanged
            ? """
            Catalogue: changed, \(runA.catalogues.joined(separator: ", ")) → \
            \(runB.catalogues.joined(separator: ", "))\n
            """
            : "Catalogue: unchanged\n"
        out +=
            referenceChanged
            ? """
            Reference data: changed, sha256 \(runA.referenceSHA256.prefix(12)) → \
            \(runB.referenceSHA256.prefix(12))\n
            """
            : "Reference data: unchanged\n"
        if submissionChanges.isEmpty {
            out += "Submissions in force: unchanged\n"
        } else {
            out += "Submissions in force that changed:\n"
            for change in submissionChanges { out += "  \(Self.describe(change))\n" }
        }
        out += "\n\(differences.count) of \(compared) indicator values differ.\n"
        for d in differences {
            let before = d.presentA ? Self.number(d.valueA) : "(no row)"
            let after = d.presentB ? Self.number(d.valueB) : "(no row)"
            out += "\n\(d.year) \(d.level.rawValue) \(d.areaCode) \(d.indicator): \(before) → \(after)\n"
            if let split = d.m0Split {
                out +=
                    """
                      ΔM0 = \(Self.number(split.fromH + split.fromA)): from H (ΔH·Ā) \(Self.number(split.fromH)), \
                    from A (H̄·ΔA) \(Self.number(split.fromA))\n
                    """
            }
            var because: [String] = d.submissions.map(Self.describe)
            if d.widened && !d.submissions.isEmpty {
                because = because.map {
                    $0 + " (outside the value's own province and years y, y − 1: "
                        + "reached through earlier years' values)"
                }
            }
            if catalogueChanged { because.append("the catalogue changed") }
            if referenceChanged { because.append("the reference data changed") }
            if programChanged { because.append("the program version changed") }
            if because.isEmpty {
                because.append("no submission, catalogue, reference data or program change found: please report")
            }
            for line in because { out += "  because: \(line)\n" }
        }
        return out
    }

    static func describe(_ change: SubmissionChange) -> String {
        let k = change.key
        return change.direction == .entered
            ? """
            submission \(k.id) (province \(k.province), \(k.year), revision \(k.revision)) entered the records in \
            force
            """
            : "submission \(k.id) (province \(k.province), \(k.year), revision \(k.revision)) left the records in force"
    }

    static func number(_ value: Double?) -> String {
        value.map { ExportNumberFormat.text($0) } ?? "null"
    }
}
