import Foundation
import JingzhunCore
import Testing

@testable import JingzhunReports

/// The view models' explicit Mustache lookups (`child(named:)`) give templates what `Mirror`
/// would: every stored property of every model a report reaches, under its own name, with its
/// own value. A property added to a model without its case in the lookup fails here (templates
/// would silently print nothing for it); a model type without a lookup fails too (it would be
/// read through `Mirror`, the slow path the lookups replace).
@Suite struct MustacheLookupTests {
    /// What is wrong with the lookups of `value` and of everything reachable from it.
    static func problems(_ value: Any, path: String, into problems: inout [String], reported: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .collection?:
            for (position, element) in mirror.children.enumerated() {
                Self.problems(element.value, path: "\(path)[\(position)]", into: &problems, reported: &reported)
            }
        case .struct?:
            let type = String(reflecting: Swift.type(of: value))
            guard MustacheLookup.isExplicit(value) else {
                if reported.insert(type).inserted {
                    problems.append("\(path): \(type) has no explicit lookup (MustacheParent)")
                }
                return
            }
            for child in mirror.children {
                guard let label = child.label else { continue }
                guard let found = MustacheLookup.child(of: value, named: label) else {
                    if reported.insert(type + "." + label).inserted {
                        problems.append(
                            "\(path): \(type).child(named: \"\(label)\") is nil; add `case \"\(label)\": \(label)`")
                    }
                    continue
                }
                if String(describing: found) != String(describing: child.value),
                    reported.insert(type + "." + label).inserted
                {
                    problems.append("\(path): \(type).child(named: \"\(label)\") is not the property \(label)")
                }
                Self.problems(child.value, path: path + "." + label, into: &problems, reported: &reported)
            }
            if MustacheLookup.child(of: value, named: "noSuchProperty") != nil {
                problems.append("\(path): \(type).child(named:) finds a name that is no property")
            }
        default:
            break  // String, Bool, Int: values, not models
        }
    }

    static func problems(_ model: Any) -> [String] {
        var found: [String] = []
        var reported = Set<String>()
        problems(model, path: String(describing: type(of: model)), into: &found, reported: &reported)
        return found
    }

    /// The fixture with every optional section present: the index of issue 18, added indicators,
    /// household dynamics (province 52), rejected records beyond the listed 20, warnings, a
    /// rejected submission and a province missing in 2020.
    static var data: ReportData {
        var data = MultidimensionalPovertySectionTests.data
        data.addedIndicators = AddedIndicatorsTests.data.addedIndicators
        data.indicators += AddedIndicatorsTests.data.indicators.filter { $0.indicator == "poor_heads_lost_labor" }
        return data
    }

    @Test func everyModelOfEveryReportHasAnExplicitLookupOfEveryProperty() {
        let index = ReportIndex(Self.data)
        var models: [(String, Any)] = []
        for format in ReportFormat.allCases {
            let style = FormatStyle(format: format)
            models.append(
                ("national.\(format)", AreaReportModel.build(index: index, year: 2020, province: nil, style: style)))
            models.append(
                ("province-52.\(format)", AreaReportModel.build(index: index, year: 2020, province: "52", style: style))
            )
            models.append(
                (
                    "county-exit-52.\(format)",
                    CountyExitModel.build(index: index, year: 2020, province: "52", style: style)
                ))
            models.append(
                (
                    "data-quality.\(format)",
                    DataQualityModel.build(index: index, year: 2020, province: nil, style: style)
                ))
            models.append(("year-index.\(format)", YearIndexModel.build(index: index, year: 2020, style: style)))
            models.append(("index.\(format)", SiteIndexModel.build(index: index, style: style)))
            models.append(("definitions.\(format)", DefinitionsModel.build(index: index, style: style)))
        }
        // The sections this test relies on are present (else it would check nothing of them).
        if let province = models[1].1 as? AreaReportModel {
            #expect(province.mpi.count == 1 && province.dynamics.count == 1 && province.addedIndicators.count == 1)
        }
        if let quality = models[3].1 as? DataQualityModel {
            #expect(quality.submissions.contains { !$0.rejectedNote.isEmpty } && quality.hasMissingProvinces)
        }
        for (name, model) in models {
            let problems = Self.problems(model)
            #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "\n"))")
        }
    }

    /// The checker itself finds a model read through `Mirror`, in an array too, and passes the
    /// table models (a missing case or a wrong value would need a lookup defined here, which
    /// needs the Mustache module this test target does not import).
    @Test func theCheckFindsWhatItLooksFor() {
        struct ThroughMirror { var text = "a" }
        #expect(Self.problems(ThroughMirror()).first?.contains("has no explicit lookup") == true)
        var cell = CellModel("x")
        cell.href = "somewhere"
        #expect(Self.problems(cell).isEmpty)
        let table = TableModel(caption: "c", headers: [HeaderCell("h")], rows: [RowModel(cells: [cell])])
        #expect(Self.problems(table).isEmpty)
        #expect(Self.problems([ThroughMirror()]).count == 1, "elements of arrays are checked")
    }
}
