import Foundation
import Testing

/// `verify` that travels with its output folder and checks what was published (issue 16).
@Suite(.serialized) struct VerifyTravelsTests {
    /// Runs `jingzhun ARGUMENTS` with `folder` as the working directory (relative paths, as an evaluator types them).
    static func run(in folder: String, _ arguments: [String]) throws -> Harness.Outcome {
        let quoted = ([Harness.binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        return try Harness.run(["-c", "cd '\(folder)' && exec \(quoted)"], executable: "/bin/sh")
    }

    /// eval1/{pipelines,templates,sample-inputs} and its output eval1/output, run from the parent with relative paths.
    static func evaluationFolder(_ root: String) throws -> String {
        let fm = FileManager.default
        let eval = root + "/eval1"
        try fm.createDirectory(atPath: eval + "/sample-inputs", withIntermediateDirectories: true)
        for folder in ["pipelines", "templates"] {
            try fm.copyItem(atPath: Harness.repository + "/" + folder, toPath: eval + "/" + folder)
        }
        let sample = Harness.repository + "/sample-inputs"
        for name in try fm.contentsOfDirectory(atPath: sample) where name.contains(".") && !name.hasSuffix(".md") {
            try fm.copyItem(atPath: sample + "/" + name, toPath: eval + "/sample-inputs/" + name)
        }
        let first = try run(in: root, ["run", "eval1/pipelines/sample.yaml", "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")
        return eval
    }

    static func manifest(_ output: String) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: output + "/runs").sorted()
        return output + "/runs/" + (runs.last ?? "") + "/manifest.json"
    }

    @Test func succeedsAfterMovingTheFolderThenFailsOnATamperedReport() throws {
        let root = Harness.scratch("verify-mv")
        let eval1 = try Self.evaluationFolder(root)
        let text = String(decoding: Harness.read(try Self.manifest(eval1 + "/output")), as: UTF8.self)
        #expect(text.contains("\"path\": \"../pipelines/sample.yaml\""), "paths relative to the output folder")
        #expect(!text.contains(root), "no absolute path the user did not give")

        try FileManager.default.moveItem(atPath: eval1, toPath: root + "/eval2")
        let manifest = try Self.manifest(root + "/eval2/output")
        let verify = try Self.run(in: root, ["verify", manifest])
        #expect(verify.status == 0, "\(verify.stdout)\n\(verify.stderr)")
        #expect(verify.stdout.contains("published files in \(root)/eval2/output: "), "\(verify.stdout)")
        #expect(verify.stdout.contains("rerun: ") && verify.stdout.contains(" 0 differing"))

        // An edited figure in a published report: exit 1 naming the file, before any rerun.
        let report = root + "/eval2/output/reports/2019/national.md"
        var body = String(decoding: Harness.read(report), as: UTF8.self)
        let found = body.firstIndex { $0.isNumber }
        let digit = try #require(found)
        body.replaceSubrange(digit...digit, with: body[digit] == "9" ? "8" : "9")
        try Data(body.utf8).write(to: URL(fileURLWithPath: report))
        let tampered = try Harness.run(["verify", manifest])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("DIFFERS on disk  \(report)"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("not rerun"))
    }

    @Test func pipelineAndInboxCanBeGivenWhenTheyDidNotTravel() throws {
        let root = Harness.scratch("verify-override")
        let eval1 = try Self.evaluationFolder(root)
        // Only the output folder moves: the recorded ../pipelines and ../sample-inputs are gone.
        try FileManager.default.moveItem(atPath: eval1 + "/output", toPath: root + "/moved-output")
        let manifest = try Self.manifest(root + "/moved-output")
        let lost = try Harness.run(["verify", manifest])
        #expect(lost.status == 1)
        #expect(lost.stdout.contains("the pipeline file \(root)/pipelines/sample.yaml is missing"), "\(lost.stdout)")
        #expect(lost.stdout.contains("--pipeline FILE"))
        let scratchParent = root + "/scratch"
        try FileManager.default.createDirectory(atPath: scratchParent, withIntermediateDirectories: true)
        let found = try Harness.run([
            "verify", manifest, "--pipeline", eval1 + "/pipelines/sample.yaml", "--inbox", eval1 + "/sample-inputs",
            "--scratch", scratchParent,
        ])
        #expect(found.status == 0, "\(found.stdout)\n\(found.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratchParent).isEmpty, "the scratch folder is removed")
    }

    @Test func againstSaysWhichIsWhichAndSummarisesFirst() throws {
        let a = Harness.scratch("against-a")
        let b = Harness.scratch("against-b")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: a + "/exports-placeholder"))
        try FileManager.default.createDirectory(atPath: a + "/exports", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: b + "/exports", withIntermediateDirectories: true)
        try Data("1\n".utf8).write(to: URL(fileURLWithPath: a + "/exports/indicators.csv"))
        try Data("2\n".utf8).write(to: URL(fileURLWithPath: b + "/exports/indicators.csv"))
        try Data("3\n".utf8).write(to: URL(fileURLWithPath: b + "/exports/breakdowns.csv"))
        let r = try Harness.run(["verify", "--against", a, b])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.prefix(3) == [
                "reference: \(a)", "candidate: \(b)",
                "summary:   0 matched, 1 differing, 1 only in the candidate: the candidate DIFFERS from the reference",
            ], "\(r.stdout)")
        #expect(r.stdout.contains("DIFFERS   "))
    }
}
