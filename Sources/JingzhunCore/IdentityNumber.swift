/// Resident identity number (GB 11643-1999), checked but never kept in clear.
///
/// submissions.md §Identity numbers: 18 characters, 6-digit region, 8-digit birth date,
/// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character; lowercase `x`
/// is accepted and normalised to `X`.
public enum IdentityNumber {
    static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    public enum Problem: Equatable, Sendable {
        case length, nonDigit, birthDate, checkCharacter
    }

    /// A checked identity number: normalised bytes, birth date and sex read from it.
    public struct Checked: Sendable, Hashable {
        /// The 18 normalised ASCII bytes (`x` → `X`). Personal data: never store or print.
        public var normalized: [UInt8]
        public var birthDate: CivilDate
        public var sex: Sex
    }

    /// Checks the number; returns the problem found first (length, digits, date, check).
    public static func check(_ bytes: some Collection<UInt8>) -> Result<Checked, ProblemError> {
        var b = Array(bytes)
        switch b.withUnsafeBufferPointer({ readFields($0) }) {
        case .failure(let error):
            return .failure(error)
        case .success(let fields):
            if b[17] == UInt8(ascii: "x") { b[17] = UInt8(ascii: "X") }
            return .success(Checked(normalized: b, birthDate: fields.birthDate, sex: fields.sex))
        }
    }

    /// What a valid number says about its holder.
    public struct Fields: Sendable, Hashable {
        public var birthDate: CivilDate
        public var sex: Sex
    }

    /// Checks the number as `check` does, in place: the same problem first, or the birth date and
    /// sex; the normalised number is then `bytes` with a final `x` as `X` (`normalize`).
    ///
    /// Why: ingest checks every member's number, and `check`'s array per number (allocated,
    /// retained, released, freed) and its generic digit parsing were ≈ 2 % of XML ingest (issue 20).
    public static func readFields(_ b: UnsafeBufferPointer<UInt8>) -> Result<Fields, ProblemError> {
        guard b.count == 18 else { return .failure(ProblemError(problem: .length)) }
        for i in 0..<17 where !(b[i] >= 0x30 && b[i] <= 0x39) { return .failure(ProblemError(problem: .nonDigit)) }
        let last = b[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : b[17]
        guard (last >= 0x30 && last <= 0x39) || last == UInt8(ascii: "X") else {
            return .failure(ProblemError(problem: .nonDigit))
        }
        // Digits 0-16 are checked above.
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
        guard let date = CivilDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) else {
            return .failure(ProblemError(problem: .birthDate))
        }
        var sum = 0
        for i in 0..<17 { sum += Int(b[i] - 0x30) * weights[i] }
        guard checkCharacters[sum % 11] == last else { return .failure(ProblemError(problem: .checkCharacter)) }
        let sequenceLast = Int(b[16] - 0x30)
        return .success(Fields(birthDate: date, sex: sequenceLast % 2 == 1 ? .male : .female))
    }

    /// Writes the normalised form of an 18-byte number (`x` → `X` at the end) to `normalized`.
    public static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>, into normalized: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(bytes.count == 18 && normalized.count == 18, "an identity number has 18 bytes")
        _ = normalized.initialize(from: bytes)
        if normalized[17] == UInt8(ascii: "x") { normalized[17] = UInt8(ascii: "X") }
    }

    public struct ProblemError: Error, Equatable, Sendable { public var problem: Problem }

    /// `text` with every run shaped like an identity number (17 digits then a digit or X, not
    /// touching other digits or letters) masked as `masked` does. A safety net for text that
    /// reaches messages, logs and reports from values that should not hold an identity number
    /// (a member's `household_id` when a file's columns are swapped, a header cell that is data).
    public static func maskEmbedded(in text: String) -> String {
        var bytes = Array(text.utf8)
        guard bytes.count >= 18 else { return text }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        var changed = false
        var start = 0
        while start + 18 <= bytes.count {
            if isDigit(bytes[start]) && (start == 0 || !isWordByte(bytes[start - 1]))
                && bytes[start..<(start + 17)].allSatisfy(isDigit)
                && (isDigit(bytes[start + 17]) || bytes[start + 17] | 0x20 == UInt8(ascii: "x"))
                && (start + 18 == bytes.count || !isWordByte(bytes[start + 18]))
            {
                for i in (start + 6)..<(start + 16) { bytes[i] = UInt8(ascii: "*") }
                changed = true
                start += 18
            } else {
                start += 1
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Masks an identity number for messages and reports: first 6 and last 2 characters kept
    /// (runs-and-store.md §Personal data). Inputs shorter than 8 are fully masked.
    public static func masked(_ bytes: some Collection<UInt8>) -> String {
        let b = Array(bytes)
        guard b.count >= 8 else { return String(repeating: "*", count: b.count) }
        let keep = b.prefix(6) + [UInt8](repeating: UInt8(ascii: "*"), count: b.count - 8) + b.suffix(2)
        return String(decoding: keep, as: UTF8.self)
    }
}
