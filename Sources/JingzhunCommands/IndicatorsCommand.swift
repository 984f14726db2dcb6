import ArgumentParser
import JingzhunCore

/// `jingzhun indicators`: the catalogue, from the registry in code (one source of truth).
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "List the indicator catalogue: id, unit, levels, decimals, formula.")

    @Flag(help: "Print as Markdown table.")
    var markdown = false

    func run() throws {
        let levelOrder = AreaLevel.allCases
        if markdown {
            print("| id | unit | levels | decimals | definition | formula |")
            print("|---|---|---|---|---|---|")
        }
        for d in IndicatorCatalogue.definitions {
            let levels = levelOrder.filter { d.levels.contains($0) }.map(\.rawValue).joined(separator: ",")
            if markdown {
                print("| `\(d.id)` | \(d.unit.rawValue) | \(levels) | \(d.decimals) | \(d.summary) | \(d.formula) |")
            } else {
                let pad = String(repeating: " ", count: max(1, 34 - d.id.count))
                print("\(d.id)\(pad)\(d.unit.rawValue) [\(levels)] — \(d.summary)")
            }
        }
    }
}
