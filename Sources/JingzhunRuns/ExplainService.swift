import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
import JingzhunStore

/// `jingzhun explain RUN_A RUN_B`: reads the two runs' manifests and the store as each left it,
/// and returns the `Explanation` (docs/explain.md).
public enum ExplainService {
    /// - Parameters:
    ///   - runA, runB: run ids (folders of `<output>/runs/`); A is the earlier as a rule, though
    ///     any two runs of the output folder may be compared.
    ///   - indicator, area: filters (exact id, or an AF indicator's id for its whole family; exact area code).
    /// - Throws: `RunError(.usage)` for an unknown run, a manifest without store versions, or
    ///   versions the store no longer holds; `.storeDamaged` for a damaged store.
    public static func explain(
        pipelinePath: String, outputOverride: String?, runA: String, runB: String, indicator: String?, area: String?
    ) throws(RunError) -> Explanation {
        var config = try PipelineConfig.load(path: pipelinePath)
        if let outputOverride { config.output = FilePath.absolute(outputOverride) }
        let storeRoot = config.output + "/store"
        guard FilePath.isDirectory(storeRoot) else {
            throw RunError(.usage, "no store at \(storeRoot): run `jingzhun run \(pipelinePath)` first")
        }
        let factsA = try facts(ofRun: runA, output: config.output)
        let factsB = try facts(ofRun: runB, output: config.output)
        let afIDs = Set(
            config.catalogue.catalogue.indicators.compactMap { spec -> String? in
                if case .af = spec.kind { return spec.id }
                return nil
            })
        do throws(StoreError) {
            let store = Store(root: storeRoot)
            try store.checkIntegrity(computedYears: [], asOf: factsA.versions)
            try store.checkIntegrity(computedYears: [], asOf: factsB.versions)
            return try Explanation.compare(
                store.snapshot(asOf: factsA.versions), store.snapshot(asOf: factsB.versions), runA: factsA,
                runB: factsB,
                afIndicators: afIDs, indicator: indicator, area: area)
        } catch {
            throw RunError(readingStoreAsOf: error, runs: "\(runA) or \(runB)")
        }
    }

    /// What run `runID`'s manifest says about its inputs, and its store versions.
    static func facts(ofRun runID: String, output: String) throws(RunError) -> Explanation.RunFacts {
        let versions = try ReportService.storeVersions(ofRun: runID, output: output)
        let path = output + "/runs/" + runID + "/manifest.json"
        let bytes: [UInt8]
        do { bytes = try FilePath.readAll(path) } catch {
            throw RunError(.usage, "cannot read the manifest \(path): \(error.message)", path: path)
        }
        var parser = JSONParser(String(decoding: bytes, as: UTF8.self))
        // try?: the parse error's position does not help; the message says what to do.
        guard let manifest = try? parser.parse() else {
            throw RunError(.usage, "the manifest \(path) is not valid JSON; give the id of a finished run", path: path)
        }
        let catalogues = (manifest["catalogue"]?.arrayValue ?? []).map {
            "\($0["path"]?.stringValue ?? "?") \($0["sha256"]?.stringValue ?? "?")"
        }
        return Explanation.RunFacts(
            runID: runID, toolVersion: manifest["tool"]?["version"]?.stringValue ?? "?",
            gitCommit: manifest["tool"]?["git_commit"]?.stringValue ?? "?", catalogues: catalogues,
            referenceSHA256: manifest["reference"]?["sha256"]?.stringValue ?? "?", versions: versions)
    }
}
