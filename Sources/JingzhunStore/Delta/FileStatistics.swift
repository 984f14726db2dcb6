import JingzhunCore
import Parquet

/// Per-file statistics for an `add` action (PROTOCOL.md §Per-file Statistics): numRecords, and
/// per data column minValues, maxValues and nullCount, in schema order.
///
/// Readers use them to skip files, so bounds must hold: strings compare bytewise (as Spark's
/// UTF8String does) and a string longer than `stringPrefixLength` characters keeps a truncated
/// minimum (a prefix is never greater) and no maximum. Booleans get only a null count.
enum FileStatistics {
    /// Delta's default prefix length for string statistics.
    static let stringPrefixLength = 32

    static func json(columns: [ParquetColumn], definitions: [TableColumn], rowCount: Int) -> String {
        var minimums: [JSON.Member] = []
        var maximums: [JSON.Member] = []
        var nullCounts: [JSON.Member] = []
        for (column, definition) in zip(columns, definitions) {
            let validity = column.validity
            func isValid(_ row: Int) -> Bool { validity?[row] ?? true }
            let nulls = validity.map { $0.reduce(0) { $1 ? $0 : $0 + 1 } } ?? 0
            nullCounts.append(.init(definition.name, .int(Int64(nulls))))
            var low: JSON?
            var high: JSON?
            switch column.values {
            case .int32(let values):
                let valid = values.indices.lazy.filter(isValid).map { values[$0] }
                if let lo = valid.min(), let hi = valid.max() {
                    if definition.type == .date {
                        low = .string(CivilDate(daysSinceEpoch: lo).description)
                        high = .string(CivilDate(daysSinceEpoch: hi).description)
                    } else {
                        low = .int(Int64(lo))
                        high = .int(Int64(hi))
                    }
                }
            case .int64(let values):
                let valid = values.indices.lazy.filter(isValid).map { values[$0] }
                if let lo = valid.min(), let hi = valid.max() {
                    low = .int(lo)
                    high = .int(hi)
                }
            case .double(let values):
                let valid = values.indices.lazy.filter(isValid).map { values[$0] }
                // NaN has no JSON text and no order: leave the bounds out.
                if !valid.contains(where: { !$0.isFinite }), let lo = valid.min(), let hi = valid.max() {
                    low = .double(lo)
                    high = .double(hi)
                }
            case .string(let values):
                let valid = values.indices.lazy.filter(isValid).map { values[$0] }
                let bytewise: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                if let lo = valid.min(by: bytewise), let hi = valid.max(by: bytewise) {
                    low = .string(lo.count > stringPrefixLength ? String(lo.prefix(stringPrefixLength)) : lo)
                    if hi.count <= stringPrefixLength { high = .string(hi) }
                }
            case .boolean, .bytes:
                break
            }
            if let low { minimums.append(.init(definition.name, low)) }
            if let high { maximums.append(.init(definition.name, high)) }
        }
        return JSON.object([
            .init("numRecords", .int(Int64(rowCount))),
            .init("minValues", .object(minimums)),
            .init("maxValues", .object(maximums)),
            .init("nullCount", .object(nullCounts)),
        ]).text
    }
}
