// Column-chunk statistics (parquet.thrift `Statistics`) in TypeDefinedOrder: what lets readers
// such as pyarrow and DuckDB skip row groups.

enum ColumnStatistics {
    /// Statistics of the rows of one column chunk.
    ///
    /// min/max are left out when no non-null (non-NaN) value exists. For doubles NaN is ignored,
    /// a zero minimum is written as -0.0 and a zero maximum as +0.0, and nan_count is always set,
    /// as parquet.thrift requires of TYPE_ORDER floating-point statistics.
    static func compute<Value: ParquetValue>(_ values: ArraySlice<Value>, validity: ArraySlice<Bool>?) -> Statistics {
        var minimum: Value?
        var maximum: Value?
        var nullCount: Int64 = 0
        var nanCount: Int64 = 0
        let validityOffset = (validity?.startIndex ?? 0) - values.startIndex
        for index in values.indices {
            if let validity, !validity[index + validityOffset] {
                nullCount += 1
                continue
            }
            let value = values[index]
            if value.isNaN {
                nanCount += 1
                continue
            }
            if let currentMinimum = minimum, let currentMaximum = maximum {
                if Value.precedes(value, currentMinimum) {
                    minimum = value
                } else if Value.precedes(currentMaximum, value) {
                    maximum = value
                }
            } else {
                minimum = value
                maximum = value
            }
        }
        var statistics = Statistics(nullCount: nullCount)
        if var minimum, var maximum {
            if Value.self == Double.self, let low = minimum as? Double, let high = maximum as? Double {
                if low == 0, let negativeZero = (-0.0 as Double) as? Value { minimum = negativeZero }
                if high == 0, let positiveZero = (0.0 as Double) as? Value { maximum = positiveZero }
            }
            statistics.minValue = minimum.statisticsBytes
            statistics.maxValue = maximum.statisticsBytes
            statistics.isMinValueExact = true
            statistics.isMaxValueExact = true
        }
        if Value.physicalType == .double { statistics.nanCount = nanCount }
        return statistics
    }
}
