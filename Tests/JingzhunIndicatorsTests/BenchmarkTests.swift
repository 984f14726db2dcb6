import Foundation
import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Throughput at national scale: 1,000,000 households / ≈3.3M members in 2019, with 2018 as
/// panel context. Off by default (building the input takes a while in debug builds); run with
/// `JINGZHUN_BENCH=1 swift test -c release --filter BenchmarkTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["JINGZHUN_BENCH"] == "1", "set JINGZHUN_BENCH=1 to measure"))
struct BenchmarkTests {
    @Test func computeOneMillionHouseholds() {
        let data: [Int32: [ProvinceYearData]] = [
            2018: BenchmarkInput.year(2018, households: 1_000_000),
            2019: BenchmarkInput.year(2019, households: 1_000_000),
        ]
        let members = data[2019]!.reduce(0) { $0 + $1.members.count }
        let clock = ContinuousClock()
        var result = IndicatorResult()
        let computeTime = clock.measure {
            result = IndicatorEngine.compute(yearsToCompute: [2019], data: data, reference: testReference)
        }
        var bytes: [UInt8] = []
        let exportTime = clock.measure { bytes = ExportWriter.indicatorsCSV(result.indicators) }
        print(
            "compute 2019: 1,000,000 households, \(members) members: \(computeTime); "
                + "\(result.indicators.count) rows; indicators.csv \(bytes.count) bytes in \(exportTime)")
        #expect(result.indicators.count > 0)
        #expect(result.value("cross_province_duplicates", "CN") ?? 0 > 0)
        #expect(result.value("panel_income_growth_pct", "CN") != nil)
    }
}
