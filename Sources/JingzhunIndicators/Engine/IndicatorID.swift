import JingzhunCore

/// The catalogue's indicator ids as a closed set, so the engine cannot misspell one.
///
/// Cases are in `IndicatorCatalogue.definitions` order; a test asserts the two lists are equal.
enum IndicatorID: String, CaseIterable, Sendable {
    case registeredHouseholds = "registered_households"
    case registeredPopulation = "registered_population"
    case poorHouseholds = "poor_households"
    case poorPopulation = "poor_population"
    case exitedHouseholds = "exited_households"
    case exitedPopulation = "exited_population"
    case returnedPopulation = "returned_population"
    case ruralPopulation = "rural_population"
    case povertyIncidencePct = "poverty_incidence_pct"
    case schoolAgeChildren = "school_age_children"
    case outOfSchoolChildren = "out_of_school_children"
    case educationGuaranteePct = "education_guarantee_pct"
    case medicalInsuredPct = "medical_insured_pct"
    case seriousIllnessInsuredPct = "serious_illness_insured_pct"
    case housingSafePct = "housing_safe_pct"
    case safeWaterPct = "safe_water_pct"
    case foodClothingPct = "food_clothing_pct"
    case guaranteesMetPct = "guarantees_met_pct"
    case meanPerCapitaNetIncome = "mean_per_capita_net_income"
    case populationAboveLinePct = "population_above_line_pct"
    case povertyGapIndex = "poverty_gap_index"
    case povertySeverityIndex = "poverty_severity_index"
    case panelIncomeGrowthPct = "panel_income_growth_pct"
    case ruralIncome = "rural_income"
    case ruralIncomeGrowthPct = "rural_income_growth_pct"
    case nationalRuralIncomeGrowthPct = "national_rural_income_growth_pct"
    case incomeGrowthGapPp = "income_growth_gap_pp"
    case wrongfulExitPct = "wrongful_exit_pct"
    case exitIncomeBunchingPct = "exit_income_bunching_pct"
    case poorVillages = "poor_villages"
    case poorVillagesBelowThreshold = "poor_villages_below_threshold"
    case poorVillageRoadPct = "poor_village_road_pct"
    case poorVillageWaterPct = "poor_village_water_pct"
    case poorVillageElectricityPct = "poor_village_electricity_pct"
    case poorVillageBroadbandPct = "poor_village_broadband_pct"
    case poorVillageClinicPct = "poor_village_clinic_pct"
    case exitThresholdPct = "exit_threshold_pct"
    case countyExitEligible = "county_exit_eligible"
    case householdsReceived = "households_received"
    case householdsRejected = "households_rejected"
    case rejectedHouseholdPct = "rejected_household_pct"
    case crossProvinceDuplicates = "cross_province_duplicates"

    /// Position in `allCases` (and in the catalogue).
    var position: Int { IndicatorID.positions[self]! }  // every case is in the table built from allCases

    private static let positions: [IndicatorID: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })

    /// Catalogue positions in export order: ids sorted bytewise (indicators.md §Export format).
    static let exportOrder: [IndicatorID] = allCases.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }

    /// Levels where the catalogue defines the indicator.
    static let levels: [Set<AreaLevel>] = allCases.map { IndicatorCatalogue.definition($0.rawValue)?.levels ?? [] }
}
