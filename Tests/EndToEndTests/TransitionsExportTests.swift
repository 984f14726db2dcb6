import Foundation
import Testing

/// `exports/transitions.csv` from the sample pipeline: written with the other exports, the
/// nation's matrix adds up its provinces', and an output folder without the cached parts
/// (made before transitions existed) gets the same bytes back on the next run.
@Suite(.serialized) struct TransitionsExportTests {
    @Test func sampleTransitionsAddUpAndSurviveAMissingCache() throws {
        let out = Harness.scratch("transitions")
        let first = try Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")
        let bytes = Harness.read(out + "/exports/transitions.csv")
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == "year,level,area_code,from,to,households,population_from,population_to")
        var nation: [String: Int] = [:]
        var provinces: [String: Int] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f[0] == "2019", "the sample has 2018 and 2019: one pair")
            let cell = f[3] + ">" + f[4]
            if f[1] == "nation" { nation[cell, default: 0] += Int(f[5]) ?? -1 }
            if f[1] == "province" { provinces[cell, default: 0] += Int(f[5]) ?? -1 }
        }
        #expect(nation.count == 24)
        #expect(nation == provinces)
        // Households of both years: 2018 = 3,158 and 2019 = 3,182 household records in force
        // (removed included; 45-2019-r2 is rejected, r1 stays in force).
        #expect(nation.filter { !$0.key.hasPrefix("new>") }.values.reduce(0, +) == 3158)
        #expect(nation.filter { !$0.key.hasSuffix(">gone") }.values.reduce(0, +) == 3182)

        try FileManager.default.removeItem(atPath: out + "/state/transitions")
        try FileManager.default.removeItem(atPath: out + "/exports/transitions.csv")
        let again = try Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Harness.read(out + "/exports/transitions.csv") == bytes)
    }
}
