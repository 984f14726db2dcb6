import JingzhunCore
import Testing

@testable import JingzhunIngest

/// `ValueSyntax.measures` walks the `;`-separated parts in place; it must judge every value as
/// the `split(omittingEmptySubsequences: false)` it replaced did (issue 20): same set, same first
/// problem, same unknown part.
struct MeasuresSyntaxTests {
    /// The parser it replaced, kept here as the reference.
    static func reference(_ bytes: ArraySlice<UInt8>) -> Result<MeasureSet, ValueSyntax.MeasuresProblem> {
        var set = MeasureSet()
        guard !bytes.isEmpty else { return .success(set) }
        for part in bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            guard let measure = CodeTables.measure.parse(part) else { return .failure(.unknown(Array(part))) }
            guard set.insert(measure) else { return .failure(.repeated(measure)) }
        }
        return .success(set)
    }

    static let hostile: [String] = {
        let codes = Measure.allCases.map(\.rawValue)
        var values = [
            "", ";", ";;", "a", " ", "health", "health;", ";health", "health;;education", "health; education",
            "health;health", "Health", "health\u{0}", "健康", "health;education;" + codes.joined(separator: ";"),
        ]
        values += codes
        values += codes.map { $0 + ";" + $0 }
        for first in codes { for second in codes { values.append(first + ";" + second) } }
        values.append(codes.joined(separator: ";"))
        values.append(codes.reversed().joined(separator: ";"))
        return values
    }()

    @Test func judgesEveryValueAsTheSplitDid() {
        for value in Self.hostile {
            let bytes = Array(value.utf8)
            // Also as a slice that does not start at index 0 (a record's buffer).
            let padded = [UInt8](repeating: 0x41, count: 5) + bytes
            #expect(ValueSyntax.measures(bytes[...]) == Self.reference(bytes[...]), "\(value)")
            #expect(ValueSyntax.measures(padded[5...]) == Self.reference(padded[5...]), "\(value)")
        }
    }
}
