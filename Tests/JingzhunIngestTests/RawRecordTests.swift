import JingzhunCore
import Testing

@testable import JingzhunIngest

struct RawRecordTests {
    @Test func everyContractColumnAndXMLFieldIsAContractField() {
        for kind in [RecordKind.county, .village, .household, .member] {
            for column in RecordSchema.columns(of: kind) {
                #expect(ContractField(name: column)?.name == column, "\(column)")
            }
        }
        for element in RegistryElement.allCases {
            for (_, field) in element.attributeFields { #expect(ContractField(name: field) != nil, "\(field)") }
        }
        #expect(ContractField(name: "no_such_column") == nil)
        #expect(Set(ContractField.allCases.map(\.name)).count == ContractField.allCases.count)
    }

    @Test func keepsTheFirstValueOfAFieldAndTheOrderOfFields() {
        var record = RawRecord(kind: .county, location: SourceLocation(file: "f.csv", line: 2))
        record.set(.ruralPopulation, Array("100".utf8))
        record.set(.countyCode, Array("520102".utf8))
        record.set(.ruralPopulation, Array("999".utf8))
        record.set(.ruralIncome, [])
        #expect(record.value(.ruralPopulation) == Array("100".utf8))
        #expect(record.value("county_code") == Array("520102".utf8))
        #expect(record.value(.ruralIncome) == [])
        #expect(record.has(.ruralIncome))
        #expect(!record.has(.villageCode))
        #expect(record.value(.villageCode) == nil)
        #expect(record.fields.map(\.name) == ["rural_population", "county_code", "rural_income"])
    }

    @Test func resetForgetsEveryFieldAndTheDefect() {
        var record = RawRecord(
            kind: .household, fields: [("household_id", Array("H1".utf8)), ("bogus", [1])],
            location: SourceLocation(file: "h.csv", line: 2))
        #expect(record.fields.map(\.name) == ["household_id"])  // names outside the contract are dropped
        record.defect = Rejection(rule: .raggedRow, location: record.location, message: "ragged")
        record.reset(kind: .member, location: SourceLocation(file: "m.csv", line: 3))
        #expect(record.kind == .member)
        #expect(record.defect == nil)
        #expect(record.fields.isEmpty)
        #expect(record.value(.householdID) == nil)
        record.set(.memberID, Array("X".utf8))
        #expect(record.value(.memberID) == Array("X".utf8))
    }
}
