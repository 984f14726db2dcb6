import JingzhunCore
import JingzhunIO

/// Generates deterministic synthetic provincial submissions (submissions.md), optionally with
/// injected record-level defects and a truth file listing them.
///
/// Same options and reference data → the same bytes on every machine: all randomness comes
/// from `SplitMix64` streams keyed by (seed, province, household index, year); nothing depends on
/// the clock, the environment or Dictionary order.
public enum Synthesizer {
    /// Writes one submission per (province, year) into `outputDirectory` (created if needed).
    ///
    /// File names: `{province}-{year}-r{revision}.registry.xml[.gz]`, or the four
    /// `….{counties,villages,households,members}.csv.gz`; with `writesChecksums` each also gets a
    /// `NAME.sha256` sidecar. With `defectRate > 0`, `{prefix}.truth.jsonl` per submission goes to
    /// `options.truthDirectory` (default `outputDirectory/truth`).
    /// - Complexity: O(households × years × years since registration) time; memory O(villages),
    ///   independent of the number of households (each is regenerated from its index).
    /// - Throws: `SynthError` for invalid options, unreadable reference data or IO failures.
    public static func generate(
        _ options: SynthOptions, outputDirectory: String, fileSystem: any FileSystem = POSIXFileSystem()
    ) throws(SynthError) -> SynthSummary {
        let reference = try SynthReference.load(directory: options.referenceDirectory, fileSystem: fileSystem)
        return try generate(options, reference: reference, outputDirectory: outputDirectory, fileSystem: fileSystem)
    }

    /// As `generate(_:outputDirectory:)`, with reference data already loaded.
    public static func generate(
        _ options: SynthOptions, reference: SynthReference, outputDirectory: String,
        fileSystem: any FileSystem = POSIXFileSystem()
    ) throws(SynthError) -> SynthSummary {
        let provinces = Array(Set(options.provinces)).sorted()
        let years = Array(Set(options.years)).sorted()
        try validate(options, provinces: provinces, years: years)
        try OutputFile.makeDirectory(outputDirectory, fileSystem: fileSystem)
        var truthDirectory: String?
        if options.defectRate > 0 {
            let directory = options.truthDirectory ?? outputDirectory + "/truth"
            try OutputFile.makeDirectory(directory, fileSystem: fileSystem)
            truthDirectory = directory
        }

        var submissions: [SynthSummary.Submission] = []
        for (position, province) in provinces.enumerated() {
            let plan = try ProvincePlan(
                province: province, householdCount: options.householdsPerProvince, seed: options.seed,
                reference: reference)
            let format = options.format.submissionFormat(position: position)
            for year in years {
                let key = SubmissionKey(province: province, year: year, revision: Int32(options.revision))
                let submission = try writeSubmission(
                    key: key, format: format, plan: plan, options: options, reference: reference,
                    outputDirectory: outputDirectory, truthDirectory: truthDirectory, fileSystem: fileSystem)
                if options.writesChecksums {
                    for file in submission.files {
                        _ = try OutputFile.writeSmall(
                            directory: outputDirectory, name: file.name + ".sha256",
                            text: "\(file.sha256)  \(file.name)\n",
                            fileSystem: fileSystem)
                    }
                }
                submissions.append(submission)
            }
        }
        return SynthSummary(submissions: submissions, truthDirectory: truthDirectory)
    }

    private static func validate(_ options: SynthOptions, provinces: [Int32], years: [Int32]) throws(SynthError) {
        func invalid(_ message: String) -> SynthError { SynthError(code: .invalidOptions, message: message) }
        guard !provinces.isEmpty, provinces.allSatisfy({ (11...99).contains($0) }) else {
            throw invalid("provinces must be 2-digit GB/T 2260 codes, got \(options.provinces)")
        }
        guard !years.isEmpty, years.allSatisfy({ (2014...2030).contains($0) }) else {
            throw invalid("years must be within 2014-2030 (submissions.md), got \(options.years)")
        }
        guard options.householdsPerProvince >= 1 else { throw invalid("householdsPerProvince must be at least 1") }
        guard options.revision >= 1, options.revision <= 999_999_999 else {
            throw invalid("revision must be a positive integer")
        }
        guard options.defectRate >= 0, options.defectRate <= 1 else {
            throw invalid("defect rate must be within 0...1")
        }
    }

    private static func writeSubmission(
        key: SubmissionKey, format: SubmissionFormat, plan: ProvincePlan, options: SynthOptions,
        reference: SynthReference, outputDirectory: String, truthDirectory: String?, fileSystem: any FileSystem
    ) throws(SynthError) -> SynthSummary.Submission {
        let isCSV = format == .csvGzip
        let booleans: BooleanStyle = isCSV ? .csv : .xml
        var emitter: any SubmissionEmitter =
            isCSV
            ? try CSVEmitter(directory: outputDirectory, key: key, fileSystem: fileSystem)
            : try XMLEmitter(directory: outputDirectory, key: key, gzip: format == .xmlGzip, fileSystem: fileSystem)
        let generator = HouseholdGenerator(
            seed: options.seed, province: key.province, reference: reference, booleans: booleans)
        var injector = DefectInjector(
            seed: options.seed, province: key.province, year: key.year, rate: options.defectRate, isCSV: isCSV)
        var truth = try truthDirectory.map { (directory) throws(SynthError) in
            try TruthWriter(directory: directory, key: key, fileSystem: fileSystem)
        }
        let nationalIncome = reference.nationalRuralIncome(key.year)

        var summary = SynthSummary.Submission(
            key: key, format: format, files: [], counties: 0, villages: 0, households: 0, members: 0, defects: 0,
            expectedRejectedHouseholds: 0, truthFile: nil)
        for county in plan.counties {
            var countyRNG = SplitMix64(
                seed: options.seed, path: StreamTag.countyYear.rawValue, UInt64(county.code), UInt64(key.year))
            let income = nationalIncome * county.incomeFactor * countyRNG.uniform(0.985, 1.015)
            try emitter.beginCounty(
                CountyRecord(
                    code: String(county.code), ruralPopulation: String(county.ruralPopulation(year: key.year)),
                    ruralIncome: decimalText(cents: Int64((income * 100).rounded()))))
            summary.counties += 1
            for village in county.villages {
                try emitter.beginVillage(
                    VillageRecord(
                        code: String(village.code), countyCode: String(county.code), name: village.name,
                        poorVillage: booleans.text(village.isPoor),
                        population: String(village.population(year: key.year)),
                        facilities: (0..<5).map { booleans.text(village.hasFacility($0, year: key.year)) }))
                summary.villages += 1
                for index in village.households {
                    guard
                        var household = generator.household(
                            index: index, householdInCounty: index - county.households.lowerBound,
                            countyCode: county.code, villageCode: village.code,
                            sequenceInVillage: index - village.households.lowerBound + 1, year: key.year)
                    else { continue }
                    let defect = injector.inject(into: &household, generator: generator)
                    let at = try emitter.household(household, defect: defect)
                    summary.households += 1
                    summary.members += household.members.count
                    if let defect {
                        guard let at else { preconditionFailure("emitter must locate every injected defect") }
                        switch defect.target {
                        case .duplicateRowBefore: summary.households += 1
                        case .orphanRowAfter: summary.members += 1
                        default: break
                        }
                        summary.defects += 1
                        if defect.kind.rejectsHousehold { summary.expectedRejectedHouseholds += 1 }
                        try truth?.record(key: key, at: at, defect: defect)
                    } else {
                        injector.lastClean = household
                    }
                }
                try emitter.endVillage()
            }
            try emitter.endCounty()
        }
        summary.files = try emitter.finish()
        summary.truthFile = try truth?.finish()
        return summary
    }
}
