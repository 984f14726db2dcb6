import JingzhunCore
import Testing

@testable import JingzhunIngest

/// `CodeTable` compares a value's length and first 16 bytes as words, then the rest: it must
/// accept exactly the values whose bytes equal a code's raw value (issue 20), like the array
/// comparison it replaced.
struct CodeTableTests {
    static func reference<Code: ContractEnumeration>(_ bytes: ArraySlice<UInt8>, _: Code.Type) -> Code? {
        Code.allCases.first { Array($0.rawValue.utf8) == Array(bytes) }
    }

    /// Every code, and every code changed in each byte, cut, extended, padded with NUL or space.
    static func values(for codes: [String]) -> [[UInt8]] {
        var values: [[UInt8]] = [[], [0], Array("x".utf8), Array("健康".utf8), [UInt8](repeating: 0, count: 16)]
        for code in codes {
            let bytes = Array(code.utf8)
            values += [bytes, bytes + [0], bytes + [0x20], [0x20] + bytes, Array(bytes.dropLast()), bytes + bytes]
            values.append(Array(code.uppercased().utf8))
            for index in bytes.indices {
                var changed = bytes
                changed[index] ^= 0x01
                values.append(changed)
                values.append(Array(bytes[..<index]))
            }
        }
        return values
    }

    func check<Code: ContractEnumeration>(_ table: CodeTable<Code>, _ type: Code.Type) {
        for value in Self.values(for: Code.allCases.map(\.rawValue)) {
            // Also as a slice that does not start at index 0 (a record's buffer).
            let padded = [UInt8](repeating: 0x61, count: 3) + value
            #expect(table.parse(value[...]) == Self.reference(value[...], type), "\(value)")
            #expect(table.parse(padded[3...]) == Self.reference(value[...], type), "\(value)")
            #expect(table.parse(value) == Self.reference(value[...], type), "\(value)")
        }
    }

    @Test func acceptsExactlyTheCodesOfEveryEnumeration() {
        check(CodeTables.category, Category.self)
        check(CodeTables.cause, Cause.self)
        check(CodeTables.status, HouseholdStatus.self)
        check(CodeTables.housingGrade, HousingGrade.self)
        check(CodeTables.measure, Measure.self)
        check(CodeTables.relation, Relation.self)
        check(CodeTables.sex, Sex.self)
        check(CodeTables.education, Education.self)
        check(CodeTables.schooling, Schooling.self)
        check(CodeTables.health, Health.self)
        check(CodeTables.labor, Labor.self)
    }
}
