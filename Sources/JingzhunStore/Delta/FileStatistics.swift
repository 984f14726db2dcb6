import JingzhunCore
import JingzhunIO
import Parquet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-file statistics for an `add` action (PROTOCOL.md §Per-file Statistics): numRecords, and
/// per data column minValues, maxValues and nullCount, in schema order.
///
/// Readers use them to skip files, so bounds must hold: strings compare bytewise (as Spark's
/// UTF8String does) and a string longer than `stringPrefixLength` characters keeps a truncated
/// minimum (a prefix is never greater) and no maximum. Booleans get only a null count.
enum FileStatistics {
    /// Delta's default prefix length for string statistics.
    static let stringPrefixLength = 32

    /// The statistics of one column: null count and, where they exist, JSON bounds.
    struct Column: Sendable {
        var nullCount: Int64
        var low: JSON?
        var high: JSON?
    }

    /// Per-column results, written by the Parquet writer's workers (each index once) and read
    /// after `writeParquet` returns.
    typealias Slots = IndexedSlots<Column>

    static func json(columns: [ParquetColumn], definitions: [TableColumn], rowCount: Int) -> String {
        json(zip(columns, definitions).map { column($0, definition: $1) }, definitions: definitions, rowCount: rowCount)
    }

    static func json(_ columns: [Column], definitions: [TableColumn], rowCount: Int) -> String {
        var minimums: [(String, JSON)] = []
        var maximums: [(String, JSON)] = []
        var nullCounts: [(String, JSON)] = []
        for (column, definition) in zip(columns, definitions) {
            nullCounts.append((definition.name, .int(column.nullCount)))
            if let low = column.low { minimums.append((definition.name, low)) }
            if let high = column.high { maximums.append((definition.name, high)) }
        }
        return JSON.object([
            ("numRecords", .int(Int64(rowCount))),
            ("minValues", .object(minimums)),
            ("maxValues", .object(maximums)),
            ("nullCount", .object(nullCounts)),
        ]).text
    }

    static func column(_ column: ParquetColumn, definition: TableColumn) -> Column {
        let validity = column.validity
        let nulls = validity.map { $0.reduce(0) { $1 ? $0 : $0 + 1 } } ?? 0
        var low: JSON?
        var high: JSON?
        switch column.values {
        case .int32(let values):
            if let (lo, hi) = bounds(values, validity, by: <) {
                if definition.type == .date {
                    low = .string(CivilDate(daysSinceEpoch: lo).description)
                    high = .string(CivilDate(daysSinceEpoch: hi).description)
                } else {
                    low = .int(Int64(lo))
                    high = .int(Int64(hi))
                }
            }
        case .int64(let values):
            if let (lo, hi) = bounds(values, validity, by: <) {
                low = .int(lo)
                high = .int(hi)
            }
        case .double(let values):
            // NaN has no JSON text and no order: leave the bounds out.
            if let (lo, hi) = bounds(values, validity, by: <), lo.isFinite, hi.isFinite,
                !values.contains(where: { $0.isNaN })
            {
                low = .double(lo)
                high = .double(hi)
            }
        case .string(let values):
            if let (lo, hi) = bounds(values, validity, by: bytewiseLess, same: bytewiseEqual) {
                low = .string(lo.count > stringPrefixLength ? String(lo.prefix(stringPrefixLength)) : lo)
                if hi.count <= stringPrefixLength { high = .string(hi) }
            }
        case .boolean, .bytes:
            break
        }
        return Column(nullCount: Int64(nulls), low: low, high: high)
    }

    /// Minimum and maximum of the valid values in one pass; nil when every value is null.
    static func bounds<T>(
        _ values: [T], _ validity: [Bool]?, by less: (T, T) -> Bool, same: ((T, T) -> Bool)? = nil
    ) -> (T, T)? {
        var result: (T, T)?
        var previous: T?
        for index in values.indices where validity?[index] ?? true {
            let value = values[index]
            // A value equal to the previous one cannot move the bounds (runs of one household's
            // members, one village's households, the submission id).
            if let same, let previous, same(previous, value) { continue }
            if let (lo, hi) = result {
                if less(value, lo) { result = (value, hi) } else if less(hi, value) { result = (lo, value) }
            } else {
                result = (value, value)
            }
            if same != nil { previous = value }
        }
        return result
    }

    /// Same UTF-8 bytes (the order `bytewiseLess` uses).
    static func bytewiseEqual(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                // Force unwraps: both buffers hold `x.count` > 0 bytes there.
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// UTF-8 byte order (Spark's UTF8String order), via memcmp. Native strings (all of the
    /// store's) expose contiguous UTF-8; others are compared through their UTF-8 view.
    static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let common = min(x.count, y.count)
                // Force unwraps: both buffers hold at least `common` > 0 bytes there.
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order < 0 || (order == 0 && x.count < y.count)
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
