import JingzhunCore
import Testing

@testable import JingzhunCatalogue

@Suite struct ModelTests {
    @Test func fieldTableResolvesHouseholdFieldsOfMembers() {
        #expect(Entity.member.field("household.labor") == nil)
        #expect(Entity.member.field("labor")?.values?.contains("lost") == true)
        #expect(Entity.member.field("household.pcni")?.type == .number)
        #expect(Entity.household.field("income_wage")?.type == .money)
        #expect(Entity.county.field("size") == nil)
    }

    @Test func fractionsAreExact() throws {
        let third = try #require(Fraction(numerator: 2, denominator: 6))
        #expect(third.numerator == 1 && third.denominator == 3)
        let sum = try #require(third.adding(third)?.adding(third))
        #expect(sum == Fraction.one)
        #expect(Fraction(numerator: 1, denominator: 0) == nil)
    }

    @Test func decimalsPrintAsWritten() {
        #expect(ExactDecimal(significand: 11, scale: 1).description == "1.1")
        #expect(ExactDecimal(significand: -5, scale: 2).description == "-0.05")
        #expect(ExactDecimal(100).description == "100")
    }

    @Test func unitsRoundTripTheirCatalogueNames() {
        for unit in IndicatorUnit.allCases { #expect(IndicatorUnit(catalogueName: unit.catalogueName) == unit) }
        #expect(IndicatorUnit(catalogueName: "percent") == nil)
    }
}
