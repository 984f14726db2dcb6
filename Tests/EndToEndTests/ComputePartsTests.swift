import Foundation
import Testing

/// Compute reads households and members a row group at a time, tallies each province in parts and
/// writes the cross-province identities as sorted runs under `<output>/tmp/`: on generated data
/// (several provinces, two years: panel, transitions, duplicates), tiny row groups, tiny parts and
/// tiny runs give byte for byte the exports and reports of one row group, one part and one run per
/// province.
@Suite struct ComputePartsTests {
    static func pipeline(_ folder: String, inbox: String, rowGroupRows: Int) -> String {
        """
        name: compute-parts
        inbox: \(inbox)
        output: \(folder)/output
        reference: \(Harness.repository)/pipelines/reference
        templates: \(Harness.repository)/templates
        pseudonym_key: {file: \(Harness.repository)/pipelines/sample.key, sample: true}
        settings:
          row_group_rows: \(rowGroupRows)

        """
    }

    /// Every file under `folder` (relative path → bytes).
    static func files(under folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                out[path] = Harness.read(folder + "/" + path)
            }
        }
        return out
    }

    @Test func tinyRowGroupsPartsAndRunsChangeNoOutput() throws {
        let root = Harness.scratch("compute-parts")
        let inbox = root + "/inbox"
        let synth = try Harness.run([
            "synth", "--provinces", "52,53,45", "--years", "2018,2019", "--households-per-province", "150",
            "--seed", "11", "--format", "mixed", "--reference", Harness.repository + "/pipelines/reference",
            "--out", inbox,
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        var outputs: [[String: Data]] = []
        for (name, rowGroupRows, environment) in [
            ("whole", 1_048_576, [String: String]()),
            (
                "tiny", 7,
                ["JINGZHUN_COMPUTE_PART_HOUSEHOLDS": "3", "JINGZHUN_COMPUTE_IDENTITY_RUN_ENTRIES": "40"]
            ),
        ] {
            let folder = root + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.pipeline(folder, inbox: inbox, rowGroupRows: rowGroupRows).write(
                toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
            let run = try Harness.run(["run", folder + "/p.yaml", "--quiet"], environment: environment)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            // The identity runs are scratch: nothing is left under tmp/.
            #expect(!FileManager.default.fileExists(atPath: folder + "/output/tmp/compute"))
            let exports = Self.files(under: folder + "/output/exports")
            let reports = Self.files(under: folder + "/output/reports")
            #expect(exports.count == 3 && reports.count > 10, "\(name): \(exports.keys.sorted())")
            outputs.append(exports.merging(reports.map { ("reports/" + $0.key, $0.value) }) { a, _ in a })
        }
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for path in outputs[0].keys.sorted() {
            #expect(outputs[0][path] == outputs[1][path], "\(path) differs with tiny row groups, parts and runs")
        }
        // The data has what crosses parts: transitions between the years and a panel.
        let transitions = String(decoding: outputs[0]["transitions.csv"] ?? Data(), as: UTF8.self)
        #expect(transitions.split(separator: "\n").count > 24)
    }
}
