// Dictionary encoding (Encodings.md §Dictionary Encoding) of one column chunk: distinct values in
// first-seen order (deterministic, independent of hashing) plus one index per non-null value.
//
// Invariants of the pointer code in this file: `UTF8Key.hash(into:)` reads a string's UTF-8 bytes
// only inside `withByteArray`, which keeps them alive for the call.

/// A string compared and hashed by its UTF-8 bytes, so that canonically equivalent but differently
/// encoded strings (e.g. precomposed and decomposed "é") get distinct dictionary entries, exactly
/// as their PLAIN bytes differ.
struct UTF8Key: Hashable {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool { lhs.string.bytewiseEquals(rhs.string) }
    func hash(into hasher: inout Hasher) {
        string.withByteArray { hasher.combine(bytes: $0) }
        hasher.combine(string.utf8.count)
    }
}

/// A column chunk's dictionary and the indices of its non-null values.
struct DictionaryEncoding<Value: ParquetValue> {
    /// Distinct values in order of first appearance.
    var dictionary: [Value]
    /// One index into `dictionary` per non-null value, in row order.
    var indices: [UInt32]
    /// Width of the indices in the RLE/bit-packed data pages.
    var bitWidth: Int { RLEBitPackedHybridEncoder.bitWidth(forMaximum: UInt32(max(dictionary.count - 1, 0))) }
}

/// Builds dictionaries for column chunks.
enum DictionaryEncoder {
    /// Dictionary-encodes the non-null values, or returns nil once the dictionary's PLAIN size
    /// exceeds `byteLimit` (the writer then falls back to PLAIN for the chunk).
    ///
    /// - Complexity: O(n) hash look-ups; stops early on fallback.
    static func encode<Value: ParquetValue>(
        _ values: ArraySlice<Value>, validity: ArraySlice<Bool>?, byteLimit: Int
    ) -> DictionaryEncoding<Value>? {
        var indexByKey: [Value.DictionaryKey: UInt32] = [:]
        var dictionary: [Value] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        var dictionaryBytes = 0
        let validityOffset = (validity?.startIndex ?? 0) - values.startIndex
        // Columns often repeat a value on consecutive rows (a member's household, a household's
        // village, the submission id): the previous row's key is checked before hashing.
        var previous: (key: Value.DictionaryKey, index: UInt32)?
        for index in values.indices {
            if let validity, !validity[index + validityOffset] { continue }
            let value = values[index]
            let key = value.dictionaryKey
            if let previous, previous.key == key {
                indices.append(previous.index)
                continue
            }
            if let existing = indexByKey[key] {
                indices.append(existing)
                previous = (key, existing)
                continue
            }
            dictionaryBytes += value.plainByteCount
            guard dictionaryBytes <= byteLimit, dictionary.count < Int(UInt32.max) else { return nil }
            let newIndex = UInt32(dictionary.count)
            indexByKey[key] = newIndex
            dictionary.append(value)
            indices.append(newIndex)
            previous = (key, newIndex)
        }
        return DictionaryEncoding(dictionary: dictionary, indices: indices)
    }
}
