import JingzhunCore
import Testing

@testable import JingzhunIndicators

/// Income, FGT and exit quality (indicators.md §Income, §Exits and their quality), z = 3000.
///
/// Province 33, 2019, county 330102 (rural population 1000), village 330102001001:
///   I1 poor, 2 persons, wage 1000, operating −3000      → net −2000, pcni −1000 (FGT uses 0)
///   I2 poor, 1 person, wage 1500, property 300, transfer 200, cost 500 → net 1500, pcni 1500
///   I3 exited 2019, 2 persons, wage 5000, operating 1600 → net 6600, pcni 3300 = 1.1 z, G holds
///   I4 exited 2019, 1 person, wage 3000                  → pcni 3000 = z exactly, G holds
///   I5 exited 2019, 1 person, wage 3300.01               → pcni 3300.01 > 1.1 z, grade C (no G)
///   I6 exited 2019, 2 persons, wage 6200                 → pcni 3100, G holds
///   I7 poor, 3 persons, wage 30000                       → pcni 10000
/// registered_population N = 2 + 1 + 2 + 1 + 1 + 2 + 3 = 12.
enum IncomeFixture {
    static func province() -> ProvinceYearData {
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        let v: Int64 = 330_102_001_001
        p.village(v)
        p.household("I1", village: v, wage: 1000, operating: -3000, members: [.adult, .adult])
        p.household("I2", village: v, wage: 1500, property: 300, transfer: 200, operatingCost: 500, members: [.adult])
        p.household(
            "I3", village: v, status: .exited, exitYear: 2019, wage: 5000, operating: 1600, members: [.adult, .adult])
        p.household("I4", village: v, status: .exited, exitYear: 2019, wage: 3000, members: [.adult])
        p.household("I5", village: v, status: .exited, exitYear: 2019, grade: .c, wage: 3300.01, members: [.adult])
        p.household("I6", village: v, status: .exited, exitYear: 2019, wage: 6200, members: [.adult, .adult])
        p.household("I7", village: v, wage: 30000, members: [.adult, .adult, .adult])
        return p.data
    }
}

@Suite struct IncomeTests {
    let r = IndicatorEngine.compute(years: [2019: [IncomeFixture.province()]], reference: testReference)

    @Test func meanPerCapitaNetIncome() {
        // Σ net = −2000 + 1500 + 6600 + 3000 + 3300.01 + 6200 + 30000 = 48600.01 yuan = 4,860,001 fen;
        // / 12 persons = 4050.000833… yuan (computed as fen / (100 · N), one rounding).
        #expect(r.value("mean_per_capita_net_income", "330102") == 4_860_001.0 / 1_200)
        #expect(r.value("mean_per_capita_net_income", "CN") == 4_860_001.0 / 1_200)
    }

    @Test func populationAboveLine() {
        // pcni > 3000: I3 (2), I5 (1), I6 (2), I7 (3) = 8 persons; I4 at exactly z is not above.
        // 100 · 8 / 12 = 66.67
        #expect(r.value("population_above_line_pct", "330102") == 800.0 / 12)
    }

    @Test func fosterGreerThorbecke() {
        // Below z: I1 (2 persons, max(−1000, 0) = 0 → gap 3000) and I2 (1 person, gap 1500).
        // FGT1 = (2 · 3000 + 1 · 1500) / (3000 · 12) = 7500 / 36000 = 0.208333…
        #expect(r.value("poverty_gap_index", "330102") == 7500.0 / 36000)
        // FGT2 = (2 · 3000² + 1500²) / (3000² · 12) = 20,250,000 / 108,000,000 = 0.1875
        #expect(r.value("poverty_severity_index", "330102") == 0.1875)
    }

    @Test func exitQuality() {
        // X = {I3, I4, I5, I6}.
        #expect(r.value("exited_households", "330102") == 4)
        // Wrongful (¬(pcni > z ∧ G)): I4 (exactly at the line is not above), I5 (no G) → 2 / 4 = 50.
        #expect(r.value("wrongful_exit_pct", "330102") == 50)
        // Bunching (z < pcni ≤ 1.1 z): I3 (exactly 1.1 z = 3300, included), I6 (3100) → 2 / 4 = 50;
        // not I4 (= z) nor I5 (3300.01 > 3300).
        #expect(r.value("exit_income_bunching_pct", "330102") == 50)
        // Incidence 100 · (2 + 1 + 3) / 1000 = 0.6 < 2, but wrongful 50 ≥ 2 → not eligible.
        #expect(r.value("poverty_incidence_pct", "330102") == 0.6)
        #expect(r.value("county_exit_eligible", "330102") == 0)
    }

    /// World Bank PIP / povcalnet test vector: welfare 1…10, z = 5 → FGT0 0.4, FGT1 0.2, FGT2 0.12.
    @Test func worldBankTestVector() {
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 100, ruralIncome: 1)
        p.village(330_102_001_001)
        for welfare in 1...10 {
            p.household("W\(welfare)", village: 330_102_001_001, wage: Double(welfare), members: [.adult])
        }
        let result = IndicatorEngine.compute(
            years: [2019: [p.data]], reference: NationalReference(povertyLine: [2019: 5], nationalRuralIncome: [:]))
        // FGT0 = 4 / 10 below (1…4); 5 is at the line; above: 6…10 = 5 persons → 50 %.
        #expect(result.value("population_above_line_pct", "330102") == 50)
        // FGT1 = (4 + 3 + 2 + 1) / (5 · 10) = 10 / 50 = 0.2
        #expect(result.value("poverty_gap_index", "330102") == 0.2)
        // FGT2 = (16 + 9 + 4 + 1) / (25 · 10) = 30 / 250 = 0.12
        #expect(result.value("poverty_severity_index", "330102") == 0.12)
    }

    @Test func zeroDenominatorsAreNull() {
        // A county with statistics but no households: every ratio over H, P, X or villages is null,
        // the counts are 0.
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        let result = IndicatorEngine.compute(years: [2019: [p.data]], reference: testReference)
        #expect(result.value("registered_households", "330102") == 0)
        #expect(result.value("school_age_children", "330102") == 0)
        #expect(result.value("poverty_incidence_pct", "330102") == 0)  // 0 / 1000
        for id in [
            "education_guarantee_pct", "medical_insured_pct", "serious_illness_insured_pct", "housing_safe_pct",
            "safe_water_pct", "food_clothing_pct", "guarantees_met_pct", "mean_per_capita_net_income",
            "population_above_line_pct", "poverty_gap_index", "poverty_severity_index", "panel_income_growth_pct",
            "wrongful_exit_pct", "exit_income_bunching_pct", "poor_village_road_pct", "poor_village_water_pct",
            "poor_village_electricity_pct", "poor_village_broadband_pct", "poor_village_clinic_pct",
            "rural_income_growth_pct", "income_growth_gap_pp",
        ] {
            #expect(result.value(id, "330102") == nil, "\(id)")
        }
        // No exits and incidence 0 < 2 → eligible.
        #expect(result.value("county_exit_eligible", "330102") == 1)
    }

    @Test func missingReferenceDataWarnsAndNulls() {
        // No poverty line for 2019 and no national income for 2018.
        let reference = NationalReference(povertyLine: [2018: 3000], nationalRuralIncome: [2019: 16020.67])
        let result = IndicatorEngine.compute(years: [2019: [IncomeFixture.province()]], reference: reference)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.rule == .referenceDataMissing)
        #expect(result.warnings.first?.message.contains("poverty_line(2019)") == true)
        #expect(result.warnings.first?.message.contains("national_rural_income(2018)") == true)
        for id in [
            "population_above_line_pct", "poverty_gap_index", "poverty_severity_index", "wrongful_exit_pct",
            "exit_income_bunching_pct", "national_rural_income_growth_pct", "income_growth_gap_pp",
            // exits exist, so eligibility cannot be decided without the line
            "county_exit_eligible",
        ] {
            #expect(result.value(id, "330102") == nil, "\(id)")
        }
        // What does not need the reference is still there.
        #expect(result.value("mean_per_capita_net_income", "330102") == 4_860_001.0 / 1_200)
        #expect(result.value("exit_threshold_pct", "330102") == 2)
        // Complete reference data: no warning.
        #expect(
            IndicatorEngine.compute(years: [2019: [IncomeFixture.province()]], reference: testReference).warnings
                .isEmpty)
    }

    @Test func householdWithoutMembersHasNoPerCapitaIncome() {
        // Ingest never accepts one; if it came, it counts in H but not in income shares or FGT,
        // and as an exit it is wrongful (income not shown above the line).
        var p = ProvinceFixture(province: 33, year: 2019)
        p.county(330102, ruralPopulation: 1000, ruralIncome: 30000)
        p.village(330_102_001_001)
        p.household("E", village: 330_102_001_001, status: .exited, exitYear: 2019, wage: 9000, members: [])
        p.household("A", village: 330_102_001_001, wage: 1500, members: [.adult])
        let result = IndicatorEngine.compute(years: [2019: [p.data]], reference: testReference)
        #expect(result.value("registered_households", "330102") == 2)
        #expect(result.value("registered_population", "330102") == 1)
        // FGT over the one person of A: (3000 − 1500) / (3000 · 1) = 0.5
        #expect(result.value("poverty_gap_index", "330102") == 0.5)
        #expect(result.value("wrongful_exit_pct", "330102") == 100)
        #expect(result.value("exit_income_bunching_pct", "330102") == 0)
    }
}
