import Foundation
import JingzhunCore
import Testing

@testable import JingzhunIndicators

@Suite struct CatalogueTests {
    /// The ids of indicators.md §Catalogue, in its order.
    static let contractIDs = [
        "registered_households", "registered_population", "poor_households", "poor_population", "exited_households",
        "exited_population", "returned_population", "rural_population", "poverty_incidence_pct", "school_age_children",
        "out_of_school_children", "education_guarantee_pct", "medical_insured_pct", "serious_illness_insured_pct",
        "housing_safe_pct", "safe_water_pct", "food_clothing_pct", "guarantees_met_pct", "mean_per_capita_net_income",
        "population_above_line_pct", "poverty_gap_index", "poverty_severity_index", "panel_income_growth_pct",
        "rural_income", "rural_income_growth_pct", "national_rural_income_growth_pct", "income_growth_gap_pp",
        "wrongful_exit_pct", "exit_income_bunching_pct", "poor_villages", "poor_villages_below_threshold",
        "poor_village_road_pct", "poor_village_water_pct", "poor_village_electricity_pct", "poor_village_broadband_pct",
        "poor_village_clinic_pct", "exit_threshold_pct", "county_exit_eligible", "households_received",
        "households_rejected", "rejected_household_pct", "cross_province_duplicates",
    ]

    /// The ids the shipped index `mpi_guarantees` exports (catalogue.md `kind: af`; issue 18):
    /// H, A, M0, and a censored headcount ratio and a contribution per dimension.
    static let shippedMPIIDs: [String] =
        ["mpi_guarantees_h", "mpi_guarantees_a", "mpi_guarantees_m0"]
        + ["income", "food_clothing", "water", "housing", "medical", "schooling"].flatMap {
            ["mpi_guarantees_censored_\($0)", "mpi_guarantees_contribution_\($0)"]
        }

    /// The shipped builtin beyond indicators.md (issue 18): returns to poverty within two years.
    static let shippedReturnIDs: [String] = ["returned_within_two_years_pct"]

    /// Every id the shipped catalogue exports, in export order.
    static let shippedIDs = (contractIDs + shippedMPIIDs + shippedReturnIDs).sorted {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
    }

    @Test func catalogueMatchesTheContract() {
        #expect(IndicatorCatalogue.definitions.map(\.id) == CatalogueTests.contractIDs)
        #expect(Set(CatalogueTests.contractIDs).count == CatalogueTests.contractIDs.count)
        #expect(CatalogueProgram.shipped.exportedIDs == CatalogueTests.shippedIDs)
        #expect(IndicatorCatalogue.exportOrder.map(\.id) == CatalogueTests.contractIDs.sorted())
    }

    @Test func levelsFollowTheContract() {
        for definition in IndicatorCatalogue.definitions {
            switch definition.id {
            case "exit_threshold_pct", "county_exit_eligible": #expect(definition.levels == [.county])
            case "households_received", "households_rejected", "rejected_household_pct":
                #expect(definition.levels == [.province, .nation])
            default: #expect(definition.levels == Set(AreaLevel.allCases), "\(definition.id)")
            }
        }
    }

    @Test func tallyIndicesAreContractOrder() {
        for cause in Cause.allCases { #expect(cause.tallyIndex == cause.ordinal) }
        for category in JingzhunCore.Category.allCases { #expect(category.tallyIndex == category.ordinal) }
    }

    /// docs/indicators.md documents every catalogue indicator: its catalogue section is generated
    /// from `IndicatorCatalogue` (`JINGZHUN_RECORD=1` rewrites it; a recording run still fails).
    @Test func docsListEveryIndicator() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/indicators.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin =
            "<!-- BEGIN CATALOGUE: generated from IndicatorCatalogue by CatalogueTests (JINGZHUN_RECORD=1) -->\n"
        let end = "<!-- END CATALOGUE -->"
        let beginRange = try #require(text.range(of: begin))
        let endRange = try #require(text.range(of: end))
        let generated = CatalogueTests.renderCatalogue()
        if ProcessInfo.processInfo.environment["JINGZHUN_RECORD"] == "1" {
            let updated = String(text[..<beginRange.upperBound]) + generated + String(text[endRange.lowerBound...])
            try updated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("rewrote the catalogue section of docs/indicators.md; rerun without JINGZHUN_RECORD")
            return
        }
        #expect(String(text[beginRange.upperBound..<endRange.lowerBound]) == generated)
        for id in CatalogueTests.contractIDs { #expect(text.contains("### `\(id)`"), "docs/indicators.md lacks \(id)") }
    }

    static func renderCatalogue() -> String {
        let levelNames = { (levels: Set<AreaLevel>) in
            AreaLevel.allCases.filter(levels.contains).map(\.rawValue).joined(separator: ", ")
        }
        var out = ""
        for definition in IndicatorCatalogue.definitions {
            out += "### `\(definition.id)`\n\n\(definition.summary).\n\n"
            out += "- Formula: \(definition.formula)\n"
            out += "- Unit: \(definition.unit.rawValue); levels: \(levelNames(definition.levels)); "
            out += "decimals in reports: \(definition.decimals)\n\n"
        }
        return out
    }
}
