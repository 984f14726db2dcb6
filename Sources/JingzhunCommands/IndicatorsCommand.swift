import ArgumentParser
import JingzhunCatalogue
import JingzhunCore
import JingzhunRuns

/// `jingzhun indicators`: the pipeline's catalogue (shipped and added indicators), with each
/// definition rendered from the catalogue file itself.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "List the indicator catalogue: id, unit, levels, decimals, definition.",
        discussion:
            "Without --pipeline, the shipped catalogue; with it, the pipeline's catalogue files (key 'catalogue').")

    @Flag(help: "Print as Markdown table.")
    var markdown = false

    @Option(help: "Pipeline file whose catalogue to list.")
    var pipeline: String?

    func run() throws {
        let loaded: LoadedCatalogue
        if let pipeline {
            do { loaded = try PipelineConfig.load(path: pipeline).catalogue } catch {
                finish(with: .usage(error.message))
            }
        } else {
            loaded = .shipped
        }
        let levelOrder = AreaLevel.allCases
        if markdown {
            print("| id | unit | levels | decimals | label | 中文 | kind | definition |")
            print("|---|---|---|---|---|---|---|---|")
        }
        for spec in loaded.catalogue.indicators {
            let levels = levelOrder.filter { spec.levels.contains($0) }.map(\.rawValue).joined(separator: ",")
            let definition = Definition.text(of: spec)
            let added = IndicatorCatalogue.definition(spec.id) == nil ? " (added)" : ""
            if markdown {
                let cells = [
                    "`\(spec.id)`\(added)", spec.unit.catalogueName, levels, "\(spec.decimals)", spec.label,
                    spec.labelZh ?? "",
                    spec.kind.name, definition,
                ].map { $0.replacingAll("|", with: "\\|") }
                print("| " + cells.joined(separator: " | ") + " |")
            } else {
                let pad = String(repeating: " ", count: max(1, 34 - spec.id.count))
                print("\(spec.id)\(pad)\(spec.unit.catalogueName) [\(levels)] \(spec.label)\(added)")
                print("    \(spec.kind.name): \(definition)")
                if spec.exportedIDs != [spec.id] { print("    exports: \(spec.exportedIDs.joined(separator: ", "))") }
            }
        }
        if !markdown {
            print("")
            print(
                "catalogue: "
                    + loaded.digests.map { "\($0.name) (sha256 \($0.sha256.prefix(12)))" }.joined(separator: ", "))
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
