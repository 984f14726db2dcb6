import JingzhunCore
import Testing

@testable import JingzhunSynth

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Size and speed measurement, run on request only: `JINGZHUN_SYNTH_MEASURE=1 swift test -c release
/// -Xswiftc -enable-testing --filter MeasurementTests` (prints wall time, output size, peak RSS).
@Suite(
    .enabled(if: getenv("JINGZHUN_SYNTH_MEASURE") != nil && TestReference.isAvailable, "set JINGZHUN_SYNTH_MEASURE=1"))
struct MeasurementTests {
    private func peakRSSKiB() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage.ru_maxrss
    }

    @Test func twoProvincesTwoYearsHundredThousandHouseholds() throws {
        let small = try measure(households: 2_000)
        let rssAfterSmall = peakRSSKiB()
        let large = try measure(households: 100_000)
        let rssAfterLarge = peakRSSKiB()
        print("measure: 2k households/province: \(small)")
        print("measure: 100k households/province: \(large)")
        print("measure: peak RSS after 2k run \(rssAfterSmall / 1024) MiB, after 100k run \(rssAfterLarge / 1024) MiB")
        // Bounded memory: 50× the households may not need more than ~64 MiB more peak memory.
        #expect(rssAfterLarge - rssAfterSmall < 64 * 1024)
    }

    private func measure(households: Int) throws -> String {
        let clock = ContinuousClock()
        var summary: SynthSummary?
        var directory = ""
        let elapsed = try clock.measure {
            let run = try generate(
                provinces: [52, 53], years: [2018, 2019], households: households, seed: 1, format: .mixed)
            summary = run.summary
            directory = run.directory
        }
        defer { removeTree(directory) }
        guard let summary else { return "no summary" }
        let perFormat = summary.submissions.map {
            "\($0.key) \($0.format.rawValue) \($0.files.reduce(0) { $0 + $1.bytes } / 1024) KiB"
        }
        return "\(elapsed), \(summary.totalHouseholds) households, \(summary.totalMembers) members, "
            + "\(summary.totalBytes / 1024) KiB written [\(perFormat.joined(separator: "; "))]"
    }
}
