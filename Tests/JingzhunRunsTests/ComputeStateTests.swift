import JingzhunIO
import JingzhunTesting
import Testing

@testable import JingzhunRuns

/// `state/compute.json` read typed (years as `Int32`) and written back byte for byte.
@Suite struct ComputeStateTests {
    static func output(_ name: String) -> String { TestFolder.fresh("compute-state", name) }

    @Test func readsYearsTypedAndWritesTheSameBytes() throws {
        let output = Self.output("roundtrip")
        defer { TestFolder.remove(output) }
        let text = """
            {
              "2018": "aaa",
              "2019": "bbb",
              "areas-2018": "CN,52",
              "areas-2019": "CN",
              "breakdowns-2018": "1",
              "breakdowns-2019": "0",
              "exports": "eee",
              "future-field": "kept"
            }

            """
        try AtomicFile.write(text, to: ComputeState.path(output: output))
        let state = ComputeState.read(output: output)
        #expect(state.computedYears == [2018, 2019])
        #expect(state.years[2018] == ComputeState.Year(fingerprint: "aaa", areas: ["CN", "52"], hasBreakdowns: true))
        #expect(state.years[2019]?.hasBreakdowns == false)
        #expect(state.exports == "eee")
        #expect(state.others == ["future-field": "kept"])
        try state.write(output: output)
        #expect(String(decoding: try FilePath.readAll(ComputeState.path(output: output)), as: UTF8.self) == text)
    }

    @Test func aStateWrittenBeforeAreasWereRecordedExpectsTheNationOnly() throws {
        let output = Self.output("old")
        defer { TestFolder.remove(output) }
        try AtomicFile.write("{\"2019\": \"f\", \"exports\": \"e\"}\n", to: ComputeState.path(output: output))
        let state = ComputeState.read(output: output)
        #expect(state.computedYears == [2019])
        #expect(state.years[2019]?.areas == nil && state.years[2019]?.hasBreakdowns == nil)
        #expect(ComputeState.read(output: output + "/missing") == ComputeState())
    }
}
