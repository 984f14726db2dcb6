import Foundation
import JingzhunCatalogue
import JingzhunRuns
import Testing

@Suite struct PipelineCatalogueTests {
    let pipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines").path

    @Test func catalogueKeyTakesOnePathOrAList() throws {
        let one = try PipelineConfig.parse(validPipeline + "\ncatalogue: ours.yaml\n", file: "/etc/jz/p.yaml")
        #expect(one.cataloguePaths == ["/etc/jz/ours.yaml"])
        let list = try PipelineConfig.parse(
            validPipeline + "\ncatalogue: [catalogue.yaml, /abs/ours.yaml]\n", file: "/etc/jz/p.yaml")
        #expect(list.cataloguePaths == ["/etc/jz/catalogue.yaml", "/abs/ours.yaml"])
        let none = try PipelineConfig.parse(validPipeline, file: "/etc/jz/p.yaml")
        #expect(none.cataloguePaths.isEmpty)
        #expect(none.catalogue.catalogue.indicators.count == 42 + 2)
        #expect(throws: RunError.self) {
            try PipelineConfig.parse(validPipeline + "\ncatalogue: {a: b}\n", file: "/p.yaml")
        }
    }

    @Test func addedCatalogueLoadsWithDigests() throws {
        let loaded = try LoadedCatalogue.load(
            paths: [pipelines + "/catalogue.yaml", pipelines + "/extra-indicators.yaml"], relativeTo: pipelines)
        #expect(loaded.digests.map(\.name) == ["catalogue.yaml", "extra-indicators.yaml"])
        #expect(loaded.digests.allSatisfy { $0.sha256.count == 64 })
        // The shipped file and the compiled-in copy have the same digest.
        #expect(loaded.digests[0].sha256 == LoadedCatalogue.shipped.digests[0].sha256)
        #expect(loaded.catalogue.addedIndicators.map(\.id).contains("poverty_gap_index_half_line"))
    }

    @Test func badCatalogueIsAPipelineFileErrorWithEveryProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jz-catalogue-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad =
            "version: 1\nindicators:\n  - {id: a, label: A, unit: pct, kind: count, of: houshold}\n"
            + "  - {id: b, label: B, unit: count, kind: formula, expr: a + c}\n"
        try bad.write(toFile: directory + "/ours.yaml", atomically: true, encoding: .utf8)
        #expect {
            try LoadedCatalogue.load(paths: [directory + "/ours.yaml"], relativeTo: directory)
        } throws: { error in
            guard let e = error as? RunError, e.code == .pipelineFile else { return false }
            return e.message.contains("ours.yaml:3:51: unknown entity 'houshold'; did you mean 'household'?")
                && e.message.contains("ours.yaml:4:61: unknown indicator 'c'") && !e.message.contains("indicator 'a'")
        }
    }
}
