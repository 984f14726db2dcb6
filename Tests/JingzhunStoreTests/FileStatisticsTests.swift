import JingzhunIO
import Parquet
import Testing

@testable import JingzhunStore

/// Delta `add` statistics must bound every valid value, whatever the runs of equal values.
struct FileStatisticsTests {
    @Test func stringBoundsSkipRunsButMissNothing() {
        let values = ["m", "m", "m", "b", "b", "z", "z", "a", "a", "é", "é"]
        #expect(
            FileStatistics.bounds(values, nil, by: FileStatistics.bytewiseLess, same: FileStatistics.bytewiseEqual)!
                == ("a", "é"))
        // Nulls are left out even where they break a run.
        let validity = [true, true, false, true, true, false, false, true, true, false, false]
        #expect(
            FileStatistics.bounds(
                values, validity, by: FileStatistics.bytewiseLess, same: FileStatistics.bytewiseEqual)! == ("a", "m"))
        #expect(
            FileStatistics.bounds([String](), nil, by: FileStatistics.bytewiseLess, same: FileStatistics.bytewiseEqual)
                == nil)
    }

    @Test func bytewiseEqualityIsByUTF8Bytes() {
        #expect(FileStatistics.bytewiseEqual("520102", "520102"))
        #expect(!FileStatistics.bytewiseEqual("520102", "5201020"))
        // Precomposed and decomposed é are canonically equal Strings but different bytes.
        #expect("\u{E9}" == "e\u{301}")
        #expect(!FileStatistics.bytewiseEqual("\u{E9}", "e\u{301}"))
        #expect(FileStatistics.bytewiseEqual("", ""))
    }

    @Test func columnStatisticsOfARunHeavyColumn() {
        let column = ParquetColumn(values: .string(Array(repeating: "52-2019-r1", count: 1000) + ["45-2019-r1"]))
        let statistics = FileStatistics.column(column, definition: .string("submission"))
        #expect(statistics.nullCount == 0)
        #expect(statistics.low == .string("45-2019-r1"))
        #expect(statistics.high == .string("52-2019-r1"))
    }
}
