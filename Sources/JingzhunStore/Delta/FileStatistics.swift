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

    /// Statistics of one column over the row groups seen so far, before they are worded as JSON:
    /// the file's bounds are the bounds of its groups' bounds, so a file written row group by row
    /// group gets the statistics of the whole column (issue 20).
    struct Partial: Sendable {
        enum Bounds: Sendable {
            case int32(Int32, Int32)
            case int64(Int64, Int64)
            case double(Double, Double)
            case string(String, String)
        }
        var nullCount: Int64 = 0
        /// Nil while every value met was null (or for booleans and bytes, which get no bounds).
        var bounds: Bounds?
        /// A NaN anywhere leaves a DOUBLE column without bounds (NaN has no order).
        var hasNaN = false
        /// The last row group added was a `.string` column read without its bounds
        /// (`textBounds: false`): they are merged in from the Parquet writer's statistics of that
        /// chunk (`Accumulator.addTextBounds`). `merge` leaves it as it is.
        var awaitsTextBounds = false

        /// Bounds alone (the texts of a chunk's statistics).
        fileprivate init(bounds: Bounds) { self.bounds = bounds }

        /// The statistics of the rows of one row group; with `textBounds: false`, a `.string`
        /// column's bounds are left to the writer's chunk statistics (the same bytes, which the
        /// writer takes from the chunk's dictionary: comparing every row's text again was a
        /// twentieth of normalize, issue 20).
        init(_ column: ParquetColumn, textBounds: Bool = true) {
            let validity = column.validity
            nullCount = Int64(validity.map { $0.reduce(0) { $1 ? $0 : $0 + 1 } } ?? 0)
            switch column.values {
            case .int32(let values):
                bounds = FileStatistics.bounds(values, validity, by: <).map { Bounds.int32($0.0, $0.1) }
            case .int64(let values):
                bounds = FileStatistics.bounds(values, validity, by: <).map { Bounds.int64($0.0, $0.1) }
            case .double(let values):
                bounds = FileStatistics.bounds(values, validity, by: <).map { Bounds.double($0.0, $0.1) }
                hasNaN = values.contains(where: { $0.isNaN })
            case .string where !textBounds:
                awaitsTextBounds = true
            case .string(let values):
                bounds = FileStatistics.bounds(
                    values, validity, by: FileStatistics.bytewiseLess, same: FileStatistics.bytewiseEqual
                ).map { Bounds.string($0.0, $0.1) }
            case .hex32(let values):
                // Word order is the digits' byte order; equal words are equal digits.
                bounds = FileStatistics.bounds(values, validity, by: <).map { Bounds.string($0.0.digits, $0.1.digits) }
            case .padded32(let values):
                // Word order is the texts' byte order; equal words are equal texts.
                bounds = FileStatistics.bounds(values, validity, by: <).map { Bounds.string($0.0.string, $0.1.string) }
            case .boolean, .bytes:
                break
            }
        }

        /// Adds the statistics of the next row group. The minimum stays the first occurrence of the
        /// smallest value and the maximum the first of the largest, as in one pass over the rows.
        mutating func merge(_ next: Partial) {
            nullCount += next.nullCount
            hasNaN = hasNaN || next.hasNaN
            guard let later = next.bounds else { return }
            guard let earlier = bounds else {
                bounds = later
                return
            }
            func pick<T>(_ a: (T, T), _ b: (T, T), _ less: (T, T) -> Bool) -> (T, T) {
                (less(b.0, a.0) ? b.0 : a.0, less(a.1, b.1) ? b.1 : a.1)
            }
            switch (earlier, later) {
            case (.int32(let a, let b), .int32(let c, let d)):
                let (lo, hi) = pick((a, b), (c, d), <)
                bounds = .int32(lo, hi)
            case (.int64(let a, let b), .int64(let c, let d)):
                let (lo, hi) = pick((a, b), (c, d), <)
                bounds = .int64(lo, hi)
            case (.double(let a, let b), .double(let c, let d)):
                let (lo, hi) = pick((a, b), (c, d), <)
                bounds = .double(lo, hi)
            case (.string(let a, let b), .string(let c, let d)):
                let (lo, hi) = pick((a, b), (c, d), FileStatistics.bytewiseLess)
                bounds = .string(lo, hi)
            default:
                preconditionFailure("row groups of one column have different value types")
            }
        }

        /// The file's statistics of the column, worded as Delta writes them.
        func column(definition: TableColumn) -> Column {
            var low: JSON?
            var high: JSON?
            switch bounds {
            case .int32(let lo, let hi):
                if definition.type == .date {
                    low = .string(CivilDate(daysSinceEpoch: lo).description)
                    high = .string(CivilDate(daysSinceEpoch: hi).description)
                } else {
                    low = .int(Int64(lo))
                    high = .int(Int64(hi))
                }
            case .int64(let lo, let hi):
                low = .int(lo)
                high = .int(hi)
            case .double(let lo, let hi):
                // NaN has no JSON text and no order: leave the bounds out.
                if lo.isFinite, hi.isFinite, !hasNaN {
                    low = .double(lo)
                    high = .double(hi)
                }
            case .string(let lo, let hi):
                let prefixLength = FileStatistics.stringPrefixLength
                low = .string(lo.count > prefixLength ? String(lo.prefix(prefixLength)) : lo)
                if hi.count <= prefixLength { high = .string(hi) }
            case nil:
                break
            }
            return Column(nullCount: nullCount, low: low, high: high)
        }
    }

    /// Per-column statistics of a file being written: each column's slot is merged by one worker
    /// per row group, and groups follow one another (the writer's `concurrentPerform` returns
    /// between them), so distinct slots are distinct memory and need no lock.
    final class Accumulator: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<Partial?>
        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }
        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
        func add(_ index: Int, _ column: ParquetColumn) {
            let next = Partial(column, textBounds: false)
            if storage[index] == nil { storage[index] = next } else { storage[index]!.merge(next) }
            // Per chunk: `texts` makes a group `.string` or `.padded32` by its own values.
            storage[index]!.awaitsTextBounds = next.awaitsTextBounds
        }

        /// Merges the bounds of a `.string` column's chunk, as the Parquet writer computed them
        /// (bytewise order, as `bytewiseLess`); called on the writing thread after the chunk's
        /// `add`, never at the same time as an `add` of that column.
        func addTextBounds(_ chunk: ParquetChunkStatistics) {
            guard storage[chunk.column]?.awaitsTextBounds == true, let low = chunk.minimum, let high = chunk.maximum
            else { return }
            storage[chunk.column]!.merge(
                Partial(bounds: .string(String(decoding: low, as: UTF8.self), String(decoding: high, as: UTF8.self))))
            storage[chunk.column]!.awaitsTextBounds = false
        }
        /// The columns' statistics; a column never seen (a file of no rows) has none.
        func columns(definitions: [TableColumn]) -> [Column] {
            definitions.indices.map { index in
                storage[index]?.column(definition: definitions[index]) ?? Column(nullCount: 0, low: nil, high: nil)
            }
        }
    }

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

    /// The statistics of a whole column (one row group).
    static func column(_ column: ParquetColumn, definition: TableColumn) -> Column {
        Partial(column).column(definition: definition)
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
