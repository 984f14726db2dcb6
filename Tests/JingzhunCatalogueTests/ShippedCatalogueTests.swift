import Foundation
import JingzhunCore
import Testing

@testable import JingzhunCatalogue

/// The repository's root, found from this file (no working-directory assumptions).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func loadPipelineCatalogue(_ names: [String]) throws -> Catalogue {
    let files = try names.map { name in
        CatalogueFile(
            name: name, bytes: Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("pipelines/" + name))))
    }
    return try CatalogueLoader.load(files)
}

@Suite struct ShippedCatalogueTests {
    @Test func shippedCatalogueIsValid() throws {
        do {
            _ = try loadPipelineCatalogue(["catalogue.yaml"])
        } catch let error as CatalogueError {
            Issue.record("catalogue.yaml: \(error.description)")
        }
    }

    /// The file and Core's registry (which render and the docs read) say the same of every indicator
    /// of indicators.md; the file then adds `mpi_guarantees` and `returned_within_two_years_pct`
    /// (issue 18), which the catalogue engine computes.
    @Test func shippedCatalogueAgreesWithTheCoreRegistry() throws {
        let catalogue = try loadPipelineCatalogue(["catalogue.yaml"])
        let beyond = ["mpi_guarantees", "returned_within_two_years_pct"]
        let indicatorsMD = catalogue.indicators.filter { !beyond.contains($0.id) }
        #expect(indicatorsMD.map(\.id) == IndicatorCatalogue.definitions.map(\.id))
        #expect(
            catalogue.exportOrder.filter { !$0.hasPrefix("mpi_guarantees_") && $0 != "returned_within_two_years_pct" }
                == IndicatorCatalogue.exportOrder.map(\.id))
        for spec in indicatorsMD {
            let definition = try #require(IndicatorCatalogue.definition(spec.id))
            #expect(spec.unit == definition.unit, "\(spec.id)")
            #expect(spec.levels == definition.levels, "\(spec.id)")
            #expect(spec.decimals == definition.decimals, "\(spec.id)")
            #expect(spec.label == definition.summary, "\(spec.id)")
            #expect(spec.labelZh?.isEmpty == false, "\(spec.id) has a Chinese label")
            // The reports' copy of the Chinese labels follows the file.
            #expect(spec.labelZh == definition.labelChinese, "\(spec.id): label_zh vs IndicatorCatalogue+Chinese.swift")
        }
        // Beyond indicators.md's 42 the shipped file holds the index mpi_guarantees and the return
        // rate (issue 18); they are shipped, so not "added" (reports list only what a pipeline's own
        // catalogue files add).
        #expect(catalogue.indicators.filter { IndicatorCatalogue.definition($0.id) == nil }.map(\.id) == beyond)
        #expect(catalogue.addedIndicators.isEmpty)
        #expect(catalogue.indicators.suffix(2).map(\.id) == beyond)
    }

    /// Builtin only where an indicator needs more than one entity (or year) at once.
    @Test func shippedBuiltinsAreTheMultiEntityOnes() throws {
        let catalogue = try loadPipelineCatalogue(["catalogue.yaml"])
        let builtins = catalogue.indicators.compactMap { spec -> String? in
            if case .builtin(let builtin) = spec.kind { return builtin.rawValue }
            return nil
        }
        #expect(
            builtins == [
                "panel_income_growth", "rural_income_growth", "poor_villages_below_threshold", "households_received",
                "households_rejected", "cross_province_duplicates", "returned_within_two_years",
            ])
    }

    @Test func checkerResolvesEveryName() throws {
        let catalogue = try loadPipelineCatalogue(["catalogue.yaml", "extra-indicators.yaml"])
        func unresolved(_ expr: Expr) -> Int {
            switch expr.node {
            case .name: return 1
            case .unary(_, let e), .isNull(let e, _): return unresolved(e) + (expr.type == nil ? 1 : 0)
            case .binary(_, let a, let b): return unresolved(a) + unresolved(b) + (expr.type == nil ? 1 : 0)
            case .inList(let e, let items, _): return unresolved(e) + items.map(unresolved).reduce(0, +)
            case .call(_, let arguments): return arguments.map(unresolved).reduce(0, +) + (expr.type == nil ? 1 : 0)
            default: return expr.type == nil ? 1 : 0
            }
        }
        var count = 0
        for spec in catalogue.indicators {
            switch spec.kind {
            case .formula(let e): count += unresolved(e)
            case .count(let a), .sum(let a):
                if case .sum(let e) = a.measure { count += unresolved(e) }
                count += a.filter.map(unresolved) ?? 0
            default: break
            }
        }
        #expect(count == 0)
        #expect(catalogue.addedIndicators.count >= 6)
    }
}

@Suite struct EmbeddedCatalogueTests {
    /// The compiled-in copy is the file, byte for byte (scripts/embed-catalogue regenerates it).
    @Test func embeddedTextIsTheFile() throws {
        let file = try String(
            contentsOf: repositoryRoot.appendingPathComponent("pipelines/catalogue.yaml"), encoding: .utf8)
        #expect(ShippedCatalogue.text == file, "run scripts/embed-catalogue")
        #expect(ShippedCatalogue.load().indicators.count == 42 + 2)
    }

    @Test func definitionsRenderFromTheCatalogue() throws {
        let catalogue = ShippedCatalogue.load()
        func definition(_ id: String) -> String { catalogue.indicator(id).map(Definition.text(of:)) ?? "" }
        #expect(definition("poverty_incidence_pct") == "100 · poor_population / rural_population")
        #expect(definition("returned_population") == "Σ size over household where status = 'returned'")
        #expect(
            definition("national_rural_income_growth_pct")
                == "100 * (national_rural_income - prev_national_rural_income) / prev_national_rural_income")
        #expect(
            definition("education_guarantee_pct")
                == "100 · (count of member where school_age and not out_of_school) / school_age_children")
    }
}
