import JingzhunCore
import Testing

@testable import JingzhunCatalogue

/// Hostile catalogues give one clear, located message in bounded time and memory, never a trap.
@Suite struct HostileCatalogueTests {
    func only(_ text: String) -> String {
        let found = diagnostics(text)
        #expect(found.count == 1, "\(found.prefix(3))")
        return found.first ?? ""
    }

    @Test func tenThousandDeepParentheses() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let message = only(catalogue("  - {id: a, label: A, unit: count, kind: formula, expr: \"\(deep)\"}\n"))
        #expect(message.hasPrefix("ours.yaml:3:58: expression of 20001 characters is longer than the limit"))
        // Within the length limit, the depth limit answers before any deep recursion.
        let nested = String(repeating: "(", count: 4_000) + "1" + String(repeating: ")", count: 4_000)
        let depth = only(catalogue("  - {id: a, label: A, unit: count, kind: formula, expr: \"\(nested)\"}\n"))
        #expect(depth.hasPrefix("ours.yaml:3:122: expression nested deeper than 64 levels"))
    }

    @Test func deepUnaryChains() {
        let deep = String(repeating: "not ", count: 2_000) + "true"
        #expect(
            only(catalogue("  - {id: a, label: A, unit: count, kind: count, of: household, where: \"\(deep)\"}\n"))
                .contains("nested deeper"))
    }

    @Test func hugeExpression() {
        let long = (0..<5_000).map { _ in "size" }.joined(separator: " + ")
        #expect(
            only(catalogue("  - {id: a, label: A, unit: count, kind: sum, of: household, value: \"\(long)\"}\n"))
                .contains("longer than the limit of 10000"))
    }

    @Test func hundredMegabyteFileIsRefusedBeforeParsing() {
        var bytes = Array(catalogue("  - {id: a, label: A, unit: count, kind: sum, of: household, value: \"size").utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "1"), count: 100 << 20)
        do {
            _ = try CatalogueLoader.load([CatalogueFile(name: "big.yaml", bytes: bytes)])
            Issue.record("a 100 MB catalogue was accepted")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(
                error.diagnostics[0].description.hasPrefix(
                    "big.yaml:1:1: catalogue file is larger than the limit of 1048576 bytes"))
        }
    }

    @Test func aliasBomb() {
        var text = "version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...30 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "indicators: []\n"
        let message = only(text)
        #expect(
            message
                == "ours.yaml:2:5: YAML anchor found; anchors and aliases are not allowed in a catalogue: write each "
                + "value out"
        )
    }

    @Test func deepFlowNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(only("version: 1\nindicators: \(deep)\n").contains("nested more than 32 deep"))
    }

    @Test func deepCompactSequences() {
        let deep = String(repeating: "- ", count: 10_000) + "x"
        #expect(only("version: 1\nindicators:\n\(deep)\n").contains("nested more than 32 deep"))
    }

    @Test func nonUTF8Bytes() {
        var bytes = Array("version: 1\nindicators:\n  - id: caf".utf8)
        bytes += [0xC3, 0x28]
        do {
            _ = try CatalogueLoader.load([CatalogueFile(name: "latin.yaml", bytes: bytes)])
            Issue.record("non-UTF-8 accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "latin.yaml:3:12: bytes that are not UTF-8; save the catalogue as UTF-8 text"
                ])
        }
    }

    @Test func multiplicationIsNotAnAlias() {
        #expect(
            diagnostics(
                catalogue(
                    "  - {id: a, label: A, unit: yuan, kind: sum, of: county, value: rural_income * rural_population}\n"
                ))
                == [])
    }
}

@Suite struct HostileFractionTests {
    @Test func alkireFosterDenominatorsAreBounded() {
        let text = catalogue(
            """
              - id: m
                label: M
                unit: index
                kind: af
                k: 1/3
                dimensions:
                  - {id: a, weight: 1/999999999989, deprived: "not safe_water"}
                  - {id: b, weight: 999999999988/999999999989, deprived: "not housing_safe"}

            """)
        let found = diagnostics(text)
        #expect(found.count == 1 && found[0].hasPrefix("ours.yaml:10:") && found[0].contains("weights"), "\(found)")
    }
}
