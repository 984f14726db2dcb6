import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
import JingzhunIndicators
import JingzhunReports
import JingzhunSQL
import JingzhunStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

extension StageEngine {
    /// Fingerprint of everything the indicators of year y depend on: the submissions in force for
    /// y and y−1 (id and content hash), the reference values of y and y−1, the tool version and
    /// the catalogue files (a changed catalogue recomputes every year).
    func computeFingerprint(_ year: Int32, inForce: [Int32: [SubmissionRecord]]) -> String {
        StageFingerprints.compute(
            year: year, inForce: inForce, catalogue: session.config.catalogue.digests, reference: session.reference)
    }

    /// Compute stage: recompute the years whose inputs changed, write them to the store, rewrite the exports.
    func compute() throws {
        let log = session.logger("compute")
        // One consistent view of the records for the whole stage (indicator commits do not change it).
        let snapshot = try store.snapshot()
        let revisions = try snapshot.revisionsInForce()
        let inForce = revisions.byYear
        let years = revisions.years
        var state = ComputeState.read(output: session.config.output)
        var fingerprints: [Int32: String] = [:]
        for y in years { fingerprints[y] = computeFingerprint(y, inForce: inForce) }
        var toCompute = Set(years.filter { state.years[$0]?.fingerprint != fingerprints[$0] })
        // A dry run has not applied what it would ingest: year y's new records change y and y+1 (y−1 feeds y).
        let wouldChange = dryRunRecordYears.union(dryRunRecordYears.map { $0 + 1 }.filter { inForce[$0] != nil })
        toCompute.formUnion(wouldChange)
        if let limit = session.options.years {
            toCompute.formIntersection(limit)
            // A year asked for that holds no data is said, not silently skipped.
            let empty = limit.subtracting(years).sorted()
            if !empty.isEmpty {
                let (those, them) = empty.count == 1 ? ("that year", "it") : ("those years", "them")
                let listed = empty.map(String.init).joined(separator: ",")
                let message =
                    "--years \(listed): no submission is in force for \(those); "
                    + "nothing to compute or render for \(them)"
                log.warning("\(message)")
            }
        }
        // The exports record which computed years they were made from; a crash between the last
        // indicator commit and the exports is repaired by the next run.
        func exportsFingerprint(_ s: ComputeState) -> String {
            var h = SHA256Hasher()
            for y in years { h.update("\(y) \(s.years[y]?.fingerprint ?? "-")\n") }
            return h.finalizeHex()
        }
        // Household dynamics parts missing for a year not computed now (an output folder made
        // before transitions existed) are tallied from the store (StageEngine+Transitions).
        let missingTransitions = years.filter { !toCompute.contains($0) && !FilePath.exists(transitionsPartPath($0)) }
        let exportsCurrent =
            FilePath.exists(session.config.output + "/exports/indicators.csv")
            && FilePath.exists(session.config.output + "/exports/breakdowns.csv")
            && FilePath.exists(session.config.output + "/exports/transitions.csv") && missingTransitions.isEmpty
            && state.exports == exportsFingerprint(state)
        // A killed run's identity runs are removed first, even when nothing is to be computed;
        // the output folder's lock makes the folder ours.
        if !session.options.dryRun { removeComputeScratch() }
        if toCompute.isEmpty && exportsCurrent {
            let shown = session.options.years.map { limit in years.filter(limit.contains) } ?? years
            if shown.isEmpty {
                let when = session.options.years == nil ? " yet" : " for the years asked for"
                log.info("nothing to compute: no submission is in force\(when)")
            } else {
                log.info("indicators are up to date for \(shown.map(String.init).joined(separator: ", "))")
            }
            return
        }
        if session.options.dryRun {
            if toCompute.isEmpty {
                log.info("would rewrite the exports")
            } else {
                log.info("would compute years \(toCompute.sorted().map(String.init).joined(separator: ", "))")
            }
            return
        }
        if !toCompute.isEmpty {
            let reference = NationalReference(
                povertyLine: session.reference.povertyLine,
                nationalRuralIncome: session.reference.nationalRuralIncome)
            // Scratch space for the identity runs (cross-province duplicates), removed when done.
            defer { removeComputeScratch() }
            // compute.engine spark: one Spark job computes every year's indicators (builtins included)
            // and breakdowns; it is complete, parsed and checked before anything is written (a
            // failure leaves the indicators table and exports as they were).
            let spark = session.config.compute.engine == .spark ? try sparkResult(snapshot) : nil
            if let spark {
                for y in toCompute.sorted() {
                    try SparkCompute.check(
                        spark.result, year: y, indicatorIDs: spark.job.indicatorIDs, logPath: sparkLogPath)
                }
            }
            // The pipeline's catalogue, compiled once for every year (catalogue.md).
            let program = spark == nil ? CatalogueProgram(catalogue: session.config.catalogue.catalogue) : nil
            for (position, y) in toCompute.sorted().enumerated() {
                let result: IndicatorResult
                let transitions: TransitionTally
                if let spark {
                    result = IndicatorResult(
                        indicators: spark.result.indicators[y] ?? [], breakdowns: spark.result.breakdowns[y] ?? [],
                        warnings: IndicatorAccumulator.referenceWarnings(year: y, reference: reference))
                    // Household dynamics are not in the SQL: tallied here from the store, as for a part missing.
                    transitions = try ReportDataBuilder.tallyTransitions(snapshot, year: y)
                } else if let program {
                    (result, transitions) = try builtinYear(
                        y, position: position, of: toCompute.count, snapshot: snapshot, inForce: inForce,
                        reference: reference, program: program)
                } else {
                    preconditionFailure("either Spark or the built-in engine computes")
                }
                let indicators = result.indicators
                for w in result.warnings {
                    log.warning("\(w.message)", metadata: ["rule": "\(w.rule.rawValue)"])
                    session.manifest.warnings.append("\(w.rule.rawValue): \(w.message)")
                }
                try store.writeIndicators(
                    year: y, rows: indicators, breakdowns: result.breakdowns,
                    now: session.context.now().milliseconds)
                try writeTransitionsPart(transitions)
                // What the integrity check expects of this year (Store.checkIntegrity, check 5).
                let areas = Set(indicators.filter { $0.level == .nation || $0.level == .province }.map(\.areaCode))
                state.years[y] = ComputeState.Year(
                    fingerprint: fingerprints[y], areas: areas.sorted(), hasBreakdowns: !result.breakdowns.isEmpty)
                try state.write(output: session.config.output)
                Failpoint.hit("after-compute-year", environment: session.context.environment)
                let counted = "\(indicators.count) indicator values and \(result.breakdowns.count) breakdown rows"
                log.info("computed \(counted) for \(y)", metadata: ["year": "\(y)"])
                summary.indicatorValues += result.indicators.count
            }
            session.manifest.yearsComputed = toCompute.sorted()
        }
        for y in missingTransitions {
            // An output folder made before transitions existed, or a part removed by hand.
            try writeTransitionsPart(ReportDataBuilder.tallyTransitions(snapshot, year: y))
        }
        try writeExports(years: years)
        state.exports = exportsFingerprint(state)
        try state.write(output: session.config.output)
    }

    /// One year of the built-in engine: one province at a time, its households of y−1 kept as
    /// `PreviousHouseholds` and its records of y read a row group at a time, in parts, tallied
    /// (indicators and household transitions) and dropped (docs/performance.md).
    func builtinYear(
        _ y: Int32, position: Int, of count: Int, snapshot: StoreSnapshot, inForce: [Int32: [SubmissionRecord]],
        reference: NationalReference, program: CatalogueProgram
    ) throws -> (IndicatorResult, TransitionTally) {
        // prev(id) of added formulas reads y−1's rows (written earlier in the compute loop, or before).
        let previousRows = !program.usesPrevious || inForce[y - 1] == nil ? [] : try store.readIndicators(year: y - 1)
        let parts = ComputeParts(environment: session.context.environment)
        let accumulator = IndicatorAccumulator(
            year: y, reference: reference,
            identityRuns: ScratchIdentityRuns(
                directory: computeScratch + "/\(y)", fileSystem: session.fileSystem),
            program: program, previousRows: previousRows, householdsPerPart: parts.householdsPerPart,
            identityRunEntries: parts.identityRunEntries)
        let provinces = try snapshot.inForce(year: y)
        var transitions = TransitionTally(year: y)
        var done = 0
        // A province's counties, villages and member order (`provinceYearParts`) are read on
        // another core while this one tallies the province before it (issue 20, item 3): in
        // order, one province ahead, so the tallies are those of the plain loop.
        try Handoff.run(
            produce: { yield in for record in provinces { try yield(try snapshot.provinceYearParts(record)) } }
        ) { reading in
            let record = reading.record
            try Interruption.check()
            ProgressLine.shared.show(
                "compute \(y) (year \(position + 1) of \(count)): province \(record.key.province), "
                    + "\(done + 1) of \(provinces.count)")
            let previous = try previousHouseholds(
                snapshot, year: y - 1, province: record.key.province, householdsPerPart: parts.householdsPerPart)
            // Households and members a row group at a time, in parts (docs/performance.md).
            var adding = accumulator.beginProvince(
                record.key, counts: record.counts, counties: reading.counties, villages: reading.villages,
                previous: previous)
            var matched = [Bool](repeating: false, count: previous?.count ?? 0)
            var partsAdded = 0
            func add(_ part: ProvinceYearData) throws {
                try accumulator.add(part: part, to: &adding)
                if let previous { transitions.add(previous: previous, matched: &matched, current: part) }
                // Row groups come and go while a large province is read: give their memory back
                // every few parts, or in one process (`jingzhun run`) the freed pages of earlier
                // groups and stages stay resident (issue 20: compute's peak in the run was ≈ 40 MiB
                // above the same compute alone at 3,000,000 households).
                partsAdded += 1
                if partsAdded % 4 == 0 { MemoryPolicy.releaseFreeMemory() }
            }
            if reading.isGrouped {
                // The next part is read from the store (inflated, decoded, its members found) on
                // another core while this one tallies the part before it (issue 20, item 3):
                // in order, one part ahead, so the tallies are those of the plain loop.
                let householdsPerPart = parts.householdsPerPart
                try Handoff.run(
                    produce: { yield in try reading.forEachPart(householdsPerPart: householdsPerPart, yield) },
                    consume: add)
            } else {
                // Members not stored in household order: the province is read whole.
                let whole = try snapshot.loadProvinceYear(record)
                for part in ProvinceParts(whole, householdsPerPart: parts.householdsPerPart) { try add(part) }
            }
            try accumulator.endProvince(adding)
            if let previous { transitions.addGone(previous: previous, matched: matched) }
            MemoryPolicy.releaseFreeMemory()
            done += 1
        }
        return (try accumulator.finish(), transitions)
    }

    /// What year y needs of one province's year y − 1 (`PreviousHouseholds`), read a row group at
    /// a time; nil when no submission is in force for it.
    func previousHouseholds(_ snapshot: StoreSnapshot, year: Int32, province: Int32, householdsPerPart: Int)
        throws -> PreviousHouseholds?
    {
        guard let record = try snapshot.inForce(province: province, year: year) else { return nil }
        let reading = try snapshot.provinceYearParts(record)
        guard reading.isGrouped else { return PreviousHouseholds(try snapshot.loadProvinceYear(record)) }
        var previous = PreviousHouseholds(year: year, province: province)
        previous.add(counties: reading.counties)
        previous.reserveCapacity(reading.householdCount)
        try reading.forEachHouseholdPart(householdsPerPart: householdsPerPart) {
            previous.add(households: $0, memberCounts: $1)
        }
        return previous
    }

    /// `<output>/runs/<run-id>/spark.log`: the Spark job's stdout and stderr.
    var sparkLogPath: String { session.runDirectory + "/spark.log" }

    /// Every year's indicator and breakdown rows computed by one Spark job (docs/scale-out.md §Spark compute).
    func sparkResult(_ snapshot: StoreSnapshot) throws -> (job: SparkCompute.Job, result: SparkCompute.Result) {
        let log = session.logger("compute")
        let reference = SQLReference(
            NationalReference(
                povertyLine: session.reference.povertyLine, nationalRuralIncome: session.reference.nationalRuralIncome))
        let job = try SparkCompute.job(
            store: try SparkCompute.store(snapshot, root: session.config.output + "/store"),
            catalogue: session.config.catalogue.catalogue, reference: reference)
        let settings = session.config.compute
        let master = settings.master.map { " --master \($0)" } ?? ""
        log.info(
            "computing the catalogue with Spark (\(settings.sparkSubmit)\(master)); log: \(sparkLogPath)"
        )
        let work = session.config.output + "/tmp/spark"
        let result = try SparkCompute.run(job, settings: settings, workDirectory: work, logPath: sparkLogPath)
        FilePath.removeTree(work)
        let indicatorRows = result.indicators.values.reduce(0) { $0 + $1.count }
        let breakdownRows = result.breakdowns.values.reduce(0) { $0 + $1.count }
        log.info(
            "Spark returned \(indicatorRows) indicator rows and \(breakdownRows) breakdown rows"
        )
        return (job, result)
    }

    /// Scratch folder of the compute stage: the identity runs of the year being computed.
    var computeScratch: String { session.config.output + "/tmp/compute" }

    func removeComputeScratch() {
        FilePath.removeTree(computeScratch)
        session.fileSystem.removeEmptyDirectory(session.config.output + "/tmp")
    }

    /// Rewrites `exports/indicators.csv` and `exports/breakdowns.csv` from the store (all years).
    func writeExports(years: [Int32]) throws {
        var rows: [IndicatorRow] = []
        var breakdowns: [BreakdownRow] = []
        for y in years {
            rows += try store.readIndicators(year: y)
            breakdowns += try store.readBreakdowns(year: y)
        }
        try AtomicFile.write(ExportWriter.indicatorsCSV(rows), to: session.config.output + "/exports/indicators.csv")
        try AtomicFile.write(
            ExportWriter.breakdownsCSV(breakdowns), to: session.config.output + "/exports/breakdowns.csv")
        try AtomicFile.write(transitionsExport(years: years), to: session.config.output + "/exports/transitions.csv")
        session.logger("compute").info(
            "exports written: \(rows.count) indicator rows, \(breakdowns.count) breakdown rows")
    }

    /// Render stage: render again the years whose indicators, submissions or templates changed.
    ///
    /// A year's reports show trends over the years up to it, so a change in y re-renders y and later years.
    func render() throws {
        let log = session.logger("render")
        let computeState = ComputeState.read(output: session.config.output)
        let years = computeState.computedYears
        // One consistent snapshot for the whole stage: fingerprints and report data agree.
        let snapshot = try store.snapshot()
        let summaries = try ReportDataBuilder.summaries(snapshot)
        if !session.options.dryRun { session.manifest.dataVersions = try ReportDataBuilder.dataVersions(snapshot) }
        var state = StateFile.read(session.config.output + "/state/render.json")
        let options = session.config.reportOptions
        let site = ReportDataBuilder.siteProvinces(summaries)
        let siteText = site.keys.sorted().map { "\($0):" + (site[$0] ?? []).joined(separator: ",") }.joined(
            separator: " ")
        var toRender: [Int32] = []
        var fingerprints: [Int32: String] = [:]
        for y in years {
            fingerprints[y] = StageFingerprints.render(
                year: y, computed: computeState, templatesSHA256: session.manifest.templatesSHA256,
                referenceHash: session.reference.combinedHash, options: options.fingerprint, site: siteText,
                summaries: summaries)
            if state["\(y)"] != fingerprints[y] || !FilePath.isDirectory(session.config.output + "/reports/\(y)") {
                toRender.append(y)
            }
        }
        if let first = dryRunReportYears.min() {
            // What a dry run would ingest changes its years' reports and the later years' trends.
            toRender = Set(toRender).union(Set(years).union(dryRunReportYears).filter { $0 >= first }).sorted()
        }
        if let limit = session.options.years { toRender = toRender.filter { limit.contains($0) } }
        // The site's own pages depend on every year; "site" in the state file is their fingerprint.
        var siteHash = SHA256Hasher()
        for y in years { siteHash.update("\(y) \(fingerprints[y] ?? "")\n") }
        let siteFingerprint = siteHash.finalizeHex()
        let siteIsCurrent =
            state["site"] == siteFingerprint && FilePath.exists(session.config.output + "/reports/index.html")
        guard !toRender.isEmpty || (!years.isEmpty && !siteIsCurrent) else {
            log.info("reports are up to date")
            return
        }
        if session.options.dryRun {
            log.info("would render reports for \(toRender.map(String.init).joined(separator: ", "))")
            return
        }
        let templates = try TemplateLibrary(directory: session.config.templates)
        let renderer = ReportRenderer(options: options)
        for (position, y) in toRender.enumerated() {
            try Interruption.check()
            ProgressLine.shared.show("render \(y) (year \(position + 1) of \(toRender.count)): reading the store")
            let data = try ReportDataBuilder.build(
                snapshot, year: y, areaNames: session.reference.areaNames, summaries: summaries,
                transitions: cachedTransitions(y), catalogue: session.config.catalogue)
            ProgressLine.shared.show("render \(y) (year \(position + 1) of \(toRender.count)): rendering the reports")
            let files = try renderer.renderAll(year: y, data: data, templates: templates)
            let folder = session.config.output + "/reports/\(y)"
            var written = Set<String>()
            for f in files {
                try outputDigests.write(
                    f.bytes, output: session.config.output, relativePath: "reports/" + f.relativePath)
                written.insert(f.relativePath)
            }
            // Reports of areas that no longer exist in this year are removed.
            // try?: the folder was just written into; should listing fail, reports of vanished areas stay
            // until the next render of the year removes them (they are no longer linked from any index).
            for name in (try? FilePath.list(folder)) ?? [] where !written.contains("\(y)/\(name)") {
                FilePath.removeTree(folder + "/" + name)
            }
            state["\(y)"] = fingerprints[y]
            try StateFile.write(state, to: session.config.output + "/state/render.json")
            Failpoint.hit("after-render-year", environment: session.context.environment)
            log.info("rendered \(files.count) report files for \(y)", metadata: ["year": "\(y)"])
            summary.reportFiles += files.count
        }
        // The pages above the years (index, definitions), from the newest year's data, which holds
        // the indicators of every year.
        if let newest = years.last {
            let data = try ReportDataBuilder.build(
                snapshot, year: newest, areaNames: session.reference.areaNames, summaries: summaries,
                transitions: [], catalogue: session.config.catalogue)  // the site pages show no household dynamics
            for f in try renderer.renderSite(data: data, templates: templates) {
                try outputDigests.write(
                    f.bytes, output: session.config.output, relativePath: "reports/" + f.relativePath)
            }
            state["site"] = siteFingerprint
            try StateFile.write(state, to: session.config.output + "/state/render.json")
        }
        session.manifest.yearsRendered = toRender
    }
}

/// A small JSON object of string → string kept under `<output>/state/` (what compute and render
/// last did per year). Written atomically; unreadable or missing means "nothing done yet".
enum StateFile {
    static func read(_ path: String) -> [String: String] {
        // try? (both): a missing, unreadable or damaged state file means "nothing done yet": the stage
        // redoes its work and writes the file again, which is always correct, only slower.
        guard let bytes = try? FilePath.readAll(path) else { return [:] }
        var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
        guard case .object(let fields)? = try? parser.parse() else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in fields { if let s = v.stringValue { out[k] = s } }
        return out
    }
    static func write(_ state: [String: String], to path: String) throws {
        let fields = state.keys.sorted().map { ($0, JSONValue.string(state[$0]!)) }
        try AtomicFile.write(JSONValue.object(fields).render(pretty: true) + "\n", to: path)
    }
}
