// Dictionary encoding (Encodings.md §Dictionary Encoding) of one column chunk: distinct values in
// first-seen order (deterministic, independent of hashing) plus one index per non-null value.
//
// Invariants of the pointer code in this file: `UTF8Key.hash(into:)` reads a string's UTF-8 bytes
// only inside `withByteArray`, which keeps them alive for the call.

/// A string compared and hashed by its UTF-8 bytes, so that canonically equivalent but differently
/// encoded strings (e.g. precomposed and decomposed "é") get distinct dictionary entries, exactly
/// as their PLAIN bytes differ.
///
/// A text of at most 16 bytes (codes, area codes, most household numbers) is packed once into two
/// words, zero-filled, beside its length: comparing and hashing it is then three integers instead
/// of a memcmp and a hash of its bytes for every row (issue 20). Equal words and equal lengths are
/// equal bytes, so the order of the dictionary, first seen first, is unchanged.
struct UTF8Key: Hashable {
    let string: String
    private let count: Int
    private let w0: UInt64
    private let w1: UInt64
    private static let packedLimit = 16

    init(_ string: String) {
        self.string = string
        var words: (UInt64, UInt64) = (0, 0)
        count = string.withByteArray { bytes in
            if bytes.count <= Self.packedLimit, bytes.count > 0 {
                withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
            }
            return bytes.count
        }
        (w0, w1) = words
    }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count <= packedLimit { return lhs.w0 == rhs.w0 && lhs.w1 == rhs.w1 }
        return lhs.string.bytewiseEquals(rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        if count <= Self.packedLimit {
            hasher.combine(w0)
            hasher.combine(w1)
        } else {
            string.withByteArray { hasher.combine(bytes: $0) }
        }
        hasher.combine(count)
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
    /// Distinct values looked up by scanning before the encoder starts hashing.
    static let scannedEntries = 16

    /// Dictionary-encodes the non-null values, or returns nil once the dictionary's PLAIN size
    /// exceeds `byteLimit` (the writer then falls back to PLAIN for the chunk).
    ///
    /// - Complexity: O(n) hash look-ups; stops early on fallback.
    static func encode<Value: ParquetValue>(
        _ values: ArraySlice<Value>, validity: ArraySlice<Bool>?, byteLimit: Int
    ) -> DictionaryEncoding<Value>? {
        var indexByKey: [Value.DictionaryKey: UInt32] = [:]
        // While the dictionary holds at most `scannedEntries` values their keys are looked up by
        // scanning them, in dictionary order: a column of codes (a handful of values over a
        // million rows) then never hashes a key (issue 20). Past that, a hash table.
        var scanned: [Value.DictionaryKey] = []
        var dictionary: [Value] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        var dictionaryBytes = 0
        let validityOffset = (validity?.startIndex ?? 0) - values.startIndex
        // Columns often repeat a value on consecutive rows (a member's household, a household's
        // village, the submission id): the previous row's key is checked before any look-up.
        var previous: (key: Value.DictionaryKey, index: UInt32)?
        for index in values.indices {
            if let validity, !validity[index + validityOffset] { continue }
            let value = values[index]
            let key = value.dictionaryKey
            if let previous, previous.key == key {
                indices.append(previous.index)
                continue
            }
            let existing: UInt32?
            if dictionary.count <= scannedEntries {
                existing = scanned.firstIndex(of: key).map { UInt32($0) }
            } else {
                existing = indexByKey[key]
            }
            if let existing {
                indices.append(existing)
                previous = (key, existing)
                continue
            }
            dictionaryBytes += value.plainByteCount
            guard dictionaryBytes <= byteLimit, dictionary.count < Int(UInt32.max) else { return nil }
            let newIndex = UInt32(dictionary.count)
            if dictionary.count < scannedEntries {
                scanned.append(key)
            } else {
                if dictionary.count == scannedEntries {
                    for (position, scannedKey) in scanned.enumerated() { indexByKey[scannedKey] = UInt32(position) }
                    scanned = []
                }
                indexByKey[key] = newIndex
            }
            dictionary.append(value)
            indices.append(newIndex)
            previous = (key, newIndex)
        }
        return DictionaryEncoding(dictionary: dictionary, indices: indices)
    }
}
