import JingzhunCore

/// Parses a contract enumeration from raw bytes by exact byte comparison.
///
/// `ContractEnumeration.parse` (JingzhunCore) is generic over any collection and is not
/// specialised across the module boundary; on the ingest hot path (ten codes per member) it
/// cost a third of the time. A table of the codes' bytes, built once per type, is compared
/// instead: each code's length and first 16 bytes as two words, so most candidates are told
/// apart by integer comparisons (comparing arrays element by element was 4 % of XML ingest,
/// issue 20); a code longer than 16 bytes also compares its remaining bytes.
struct CodeTable<Code: ContractEnumeration>: Sendable {
    /// A code's length, first 16 bytes and value: plain values, so walking the table retains nothing.
    private struct Entry: Sendable {
        var count: Int
        var head: (UInt64, UInt64)
        var code: Code
    }
    private let entries: [Entry]
    /// Each code's bytes (compared past the first 16 only).
    private let codeBytes: [[UInt8]]

    init() {
        codeBytes = Code.allCases.map { Array($0.rawValue.utf8) }
        entries = zip(Code.allCases, codeBytes).map { code, bytes in
            Entry(count: bytes.count, head: bytes.withUnsafeBufferPointer(Self.head), code: code)
        }
    }

    /// The first 16 bytes (zero after the end) as two words.
    @inline(__always)
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        if let base = bytes.baseAddress {
            withUnsafeMutableBytes(of: &words) { out in
                out.baseAddress!.copyMemory(from: base, byteCount: min(bytes.count, 16))
            }
        }
        return words
    }

    func parse(_ bytes: [UInt8]) -> Code? { parse(bytes[...]) }

    func parse(_ bytes: ArraySlice<UInt8>) -> Code? { bytes.withUnsafeBufferPointer { parse($0) } }

    func parse(_ value: UnsafeBufferPointer<UInt8>) -> Code? {
        let head = Self.head(value)
        return entries.withUnsafeBufferPointer { table -> Code? in
            for index in table.indices {
                let entry = table[index]
                guard entry.count == value.count, entry.head == head else { continue }
                if value.count <= 16 || codeBytes[index][16...].elementsEqual(value[16...]) { return entry.code }
            }
            return nil
        }
    }
}

/// One table per contract enumeration used by the validator.
enum CodeTables {
    static let category = CodeTable<Category>()
    static let cause = CodeTable<Cause>()
    static let status = CodeTable<HouseholdStatus>()
    static let housingGrade = CodeTable<HousingGrade>()
    static let measure = CodeTable<Measure>()
    static let relation = CodeTable<Relation>()
    static let sex = CodeTable<Sex>()
    static let education = CodeTable<Education>()
    static let schooling = CodeTable<Schooling>()
    static let health = CodeTable<Health>()
    static let labor = CodeTable<Labor>()
}
