import Foundation
import JingzhunCore
import Testing

@testable import JingzhunCatalogue

/// A catalogue text with the given indicator entries (YAML list items, indented by two spaces).
func catalogue(_ entries: String, version: String = "1") -> String {
    "version: \(version)\nindicators:\n" + entries
}

func diagnostics(_ text: String, name: String = "ours.yaml") -> [String] {
    do {
        _ = try CatalogueLoader.load(text: text, name: name)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

let base = """
      - id: registered_households
        label: Registered households
        unit: count
        kind: count
        of: household

    """

@Suite struct MistakeTests {
    @Test func unknownFieldIsLocatedWithASuggestion() {
        let text = catalogue(
            base + """
                  - id: wages
                    label: Wages
                    unit: yuan
                    kind: sum
                    of: household
                    value: incom_wage + income_operating

                """)
        #expect(
            diagnostics(text) == [
                "ours.yaml:13:12: unknown field 'incom_wage' of household; did you mean 'income_wage'?"
            ])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = catalogue(
            base + """
                  - id: a
                    label: A
                    unit: percent
                    kind: ratio
                    num: registered_househlds
                    den: {count: housheold}
                  - id: b
                    label: B
                    unit: count
                    kind: summ
                  - id: c
                    label: C
                    unit: count
                    kind: count
                    of: member
                    where: "labor = 'lots'"
                    colour: blue

                """)
        let found = diagnostics(text)
        #expect(found.count == 6, "\(found)")
        #expect(found.contains { $0.hasPrefix("ours.yaml:10:11: unknown unit 'percent'") })
        #expect(
            found.contains {
                $0.hasPrefix(
                    "ours.yaml:12:10: unknown indicator 'registered_househlds'; did you mean 'registered_households'?")
            })
        #expect(
            found.contains { $0.hasPrefix("ours.yaml:13:18: unknown entity 'housheold'; did you mean 'household'?") })
        #expect(found.contains { $0.hasPrefix("ours.yaml:17:11: unknown kind 'summ'; did you mean 'sum'?") })
        #expect(found.contains { $0.hasPrefix("ours.yaml:23:21: 'lots' is not a code of labor; did you mean 'lost'?") })
        #expect(found.contains { $0.hasPrefix("ours.yaml:24:5: unknown key 'colour'") })
    }

    @Test func duplicateIdsAcrossFiles() throws {
        let first = CatalogueFile(name: "catalogue.yaml", bytes: Array(catalogue(base).utf8))
        let second = CatalogueFile(name: "ours.yaml", bytes: Array(catalogue(base).utf8))
        #expect(throws: CatalogueError.self) { try CatalogueLoader.load([first, second]) }
        do {
            _ = try CatalogueLoader.load([first, second])
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "ours.yaml:3:5: duplicate id 'registered_households'; first defined at catalogue.yaml:3:5"
                ])
        }
    }

    @Test func cyclesAreFound() {
        let text = catalogue(
            """
              - id: a
                label: A
                unit: count
                kind: formula
                expr: b + 1
              - id: b
                label: B
                unit: count
                kind: ratio
                num: a
                den: {count: household}
              - id: c
                label: C
                unit: count
                kind: formula
                expr: prev(c) + 1

            """)
        let found = diagnostics(text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("cycle of references: a → b → a") == true)
    }

    @Test(arguments: [
        ("size +", "expected a value, a name, a function call or '(', found the end of the expression"),
        ("size > 'a", "text not closed"),
        ("status = \"poor\"", "text is written in single quotes"),
        ("size != 1", "'!=' is not an operator"),
        ("frobnicate(size)", "unknown function 'frobnicate'"),
        ("min(size)", "min takes 2 arguments, found 1"),
        ("size = null", "a comparison with null is always null"),
        ("status + 1", "'+' needs numbers on both sides, found text"),
        ("if(size, true, false)", "the first argument of if must be a condition"),
        ("status", "'where' must be a condition (true or false), found text"),
        ("prev(size) > 0", "prev(size) is only allowed in a formula"),
        ("household.size > 0", "unknown field 'household.size' of household"),
        ("size @ 2", "unexpected character '@'"),
    ])
    func expressionMistakes(expression: String, expected: String) {
        let text = catalogue(
            """
              - id: a
                label: A
                unit: count
                kind: count
                of: household
                where: '\(expression.replacingOccurrences(of: "'", with: "''"))'

            """)
        let found = diagnostics(text)
        #expect(found.count == 1 && found[0].contains(expected), "\(found)")
        #expect(found.first?.hasPrefix("ours.yaml:8:") == true, "\(found)")
    }

    @Test func kindSpecificMistakes() {
        let text = catalogue(
            """
              - id: f
                label: F
                unit: index
                kind: fgt
                of: member
                alpha: 1
              - id: g
                label: G
                unit: index
                kind: fgt
                of: household
                alpha: 3
              - id: m
                label: M
                unit: index
                kind: af
                k: 1/3
                dimensions:
                  - {id: income, weight: 1/3, deprived: "pcni <= poverty_line"}
                  - {id: water, weight: 1/3, deprived: "not safe_water"}
              - id: h
                label: H
                unit: count
                kind: formula
                expr: size * 2
              - id: bi
                label: B
                unit: count
                kind: builtin
                name: panel_income_grwoth

            """)
        let found = diagnostics(text)
        #expect(found.count == 5, "\(found)")
        #expect(found.contains { $0.contains("fgt ranges over households") })
        #expect(found.contains { $0.contains("'alpha' must be 0, 1 or 2") })
        #expect(found.contains { $0.contains("the dimension weights sum to 2/3, not exactly 1") })
        #expect(found.contains { $0.contains("unknown indicator 'size'; 'size' is a field") })
        #expect(
            found.contains { $0.contains("unknown builtin 'panel_income_grwoth'; did you mean 'panel_income_growth'?") }
        )
    }

    @Test func structuralMistakes() {
        #expect(
            diagnostics("version: 2\nindicators: []\n") == [
                "ours.yaml:1:10: unsupported catalogue version '2'; expected 1"
            ])
        #expect(
            diagnostics("- a\n").first?.contains("expected a mapping with the keys 'version' and 'indicators'") == true)
        #expect(diagnostics("version: 1\nindicators: {a: 1}\n").first?.contains("'indicators' must be a list") == true)
        #expect(diagnostics("version: 1\nindicators:\n  - id: [1\n").first?.hasPrefix("ours.yaml:") == true)
        let missing = diagnostics(catalogue("  - id: Bad-Id\n    kind: count\n"))
        #expect(missing.count == 4, "\(missing)")  // bad id, no label, no unit, no of: reported together
    }
}
