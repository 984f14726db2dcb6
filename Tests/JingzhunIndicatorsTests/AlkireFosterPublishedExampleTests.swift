import Foundation
import JingzhunCatalogue
import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// The worked example of Alkire & Foster (2011), "Counting and multidimensional poverty
/// measurement", Journal of Public Economics 95(7–8), 476–487 (the 4 × 4 achievement matrix of
/// §2 and the adjusted headcount ratio M0 = HA of §3–4), reproduced exactly by the Swift engine.
///
/// Fixture (Tests/Fixtures/af-2011): the four persons a–d as one-member households, dimension j's
/// achievement in an income field; `catalogue.yaml` has the example (k = 2 of 4), its union and
/// intersection cutoffs and an exact-cutoff case; `expected.csv` every value as a fraction. The
/// same fixture runs through `jingzhun run` and DuckDB in EndToEndTests/AlkireFosterSQLTests.
@Suite struct AlkireFosterPublishedExampleTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/af-2011").path

    /// y = [13.1 14 4 1; 15.2 7 5 0; 12.5 10 1 0; 20 11 3 1]: a, b in county 520102, c, d in 520103.
    static func province() -> ProvinceYearData {
        var p = ProvinceFixture(province: 52, year: 2019)
        p.county(520102, ruralPopulation: 1000, ruralIncome: 10000)
        p.county(520103, ruralPopulation: 1000, ruralIncome: 10000)
        p.village(520_102_001_001)
        p.village(520_103_001_001)
        let rows: [(String, Int64, [Double])] = [
            ("AF-A", 520_102_001_001, [13.1, 14, 4, 1]), ("AF-B", 520_102_001_001, [15.2, 7, 5, 0]),
            ("AF-C", 520_103_001_001, [12.5, 10, 1, 0]), ("AF-D", 520_103_001_001, [20, 11, 3, 1]),
        ]
        for (id, village, y) in rows {
            p.household(
                id, village: village, wage: y[0], operating: y[3], property: y[1], transfer: y[2], members: [.adult])
        }
        return p.data
    }

    static func compute() throws -> IndicatorResult {
        let bytes = try #require(FileManager.default.contents(atPath: fixture + "/catalogue.yaml"))
        let catalogue = try CatalogueLoader.load([
            CatalogueFile(name: "catalogue.yaml", bytes: Array(ShippedCatalogue.text.utf8)),
            CatalogueFile(name: "af-2011.yaml", bytes: Array(bytes)),
        ])
        let accumulator = IndicatorAccumulator(
            year: 2019, reference: testReference, program: CatalogueProgram(catalogue: catalogue), previousRows: [])
        try accumulator.add(province(), previous: nil)
        return try accumulator.finish()
    }

    /// `(area, indicator, numerator/denominator or nil)` of expected.csv.
    static func expected() throws -> [(area: String, id: String, value: (Int64, Int64)?)] {
        let data = try #require(FileManager.default.contents(atPath: fixture + "/expected.csv"))
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst(4).map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let parts = cells[2].split(separator: "/").compactMap { Int64($0) }
            return (cells[0], cells[1], parts.count == 2 ? (parts[0], parts[1]) : nil)
        }
    }

    /// The published figures: with k = 2 persons b (c = 2, exactly k) and c (c = 4) are poor,
    /// H = 1/2, A = 3/4, M0 = 3/8; each exactly the Double nearest the fraction.
    @Test func publishedHeadcountIntensityAndM0() throws {
        let r = try Self.compute()
        #expect(r.value("af2011_h", "CN") == 1.0 / 2)
        #expect(r.value("af2011_a", "CN") == 3.0 / 4)
        #expect(r.value("af2011_m0", "CN") == 3.0 / 8)
        // Censored headcounts: dimension 1 and 3 only c (1/4), 2 and 4 b and c (1/2); the
        // contributions 100 · (1/4) · censored / M0 sum to 100.
        #expect(r.value("af2011_censored_d1", "CN") == 1.0 / 4)
        #expect(r.value("af2011_censored_d2", "CN") == 1.0 / 2)
        #expect(r.value("af2011_contribution_d1", "CN") == 50.0 / 3)
        #expect(r.value("af2011_contribution_d2", "CN") == 100.0 / 3)
        // Union (k = 1 of 4) adds d; intersection (k = 4 of 4) keeps only c, whose score equals k.
        #expect(r.value("af2011_union_h", "CN") == 3.0 / 4)
        #expect(r.value("af2011_union_m0", "CN") == 7.0 / 16)
        #expect(r.value("af2011_intersection_h", "CN") == 1.0 / 4)
        #expect(r.value("af2011_intersection_a", "CN") == 1)
        // 0.7 + 0.1 < 0.8 in floating point; exact scores put b (7/10 + 1/10 = k) among the poor.
        #expect(0.7 + 0.1 < 0.8)
        #expect(r.value("af_exact_cutoff_h", "CN") == 1.0 / 2)
        #expect(r.value("af_exact_cutoff_a", "CN") == 9.0 / 10)
    }

    /// Every value of expected.csv, at every level: the nearest Double to the fraction, or null.
    @Test func everyValueAtEveryLevel() throws {
        let r = try Self.compute()
        let expected = try Self.expected()
        #expect(expected.count == 210)
        for row in expected {
            let value = r.value(row.id, row.area)
            if let (numerator, denominator) = row.value {
                #expect(value == Double(numerator) / Double(denominator), "\(row.area) \(row.id)")
            } else {
                #expect(value == nil, "\(row.area) \(row.id)")
            }
        }
    }
}
