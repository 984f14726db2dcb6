import Foundation
import Testing

/// `compute: {engine: spark}` without Spark (issue 17): every way Spark can fail is exit 69,
/// names the log file, and leaves the indicators table and the exports as they were.
@Suite(.serialized) struct SparkEngineTests {
    /// A pipeline file like the sample's, writing to `output`, with a `compute:` mapping.
    static func pipeline(in folder: String, output: String, compute: String) throws -> String {
        let sample = Harness.repository + "/pipelines"
        let text = """
            name: spark-test
            inbox: \(Harness.repository)/sample-inputs
            output: \(output)
            reference: \(sample)/reference
            templates: \(Harness.repository)/templates
            pseudonym_key: {file: \(sample)/sample.key, sample: true}
            compute: \(compute)

            """
        let path = folder + "/pipeline.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// SHA-256-free fingerprint of what must not change: the exports' bytes and the indicators
    /// table's Delta log and files (names and bytes).
    static func untouched(_ output: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in ["exports/indicators.csv", "exports/breakdowns.csv"] {
            out[name] = Harness.read(output + "/" + name)
        }
        for table in ["indicators", "breakdowns"] {
            let root = output + "/store/" + table
            let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            for file in files.sorted() where !file.hasSuffix("/") {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    out[table + "/" + file] = Harness.read(root + "/" + file)
                }
            }
        }
        return out
    }

    @Test func sparkThatCannotStartOrFailsIsExit69AndChangesNothing() throws {
        let folder = Harness.scratch("spark-fail")
        let output = folder + "/output"
        let fake = folder + "/fake-spark-submit"
        try "#!/bin/sh\necho \"fake spark-submit: $*\" >&2\nexit 1\n".write(
            toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)

        let builtin = try Self.pipeline(in: folder, output: output, compute: "{engine: builtin}")
        let first = try Harness.run(["run", builtin, "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")  // the sample's whole-rejected submission
        let before = try Self.untouched(output)
        #expect(before["exports/indicators.csv"]?.isEmpty == false)
        #expect(before.keys.contains { $0.hasPrefix("indicators/_delta_log/") })

        for (compute, says) in [
            ("{engine: spark, spark_submit: /nonexistent/spark-submit}", "not found"),
            (
                "{engine: spark, spark_submit: \(fake), master: \"local[2]\", conf: {spark.sql.shuffle.partitions: 4}}",
                "exit status 1"
            ),
        ] {
            // Forget what was computed, so compute must run the engine again.
            try? FileManager.default.removeItem(atPath: output + "/state/compute.json")
            let pipeline = try Self.pipeline(in: folder, output: output, compute: compute)
            let run = try Harness.run(["compute", pipeline])
            #expect(run.status == 69, "\(compute): \(run.stderr)")
            #expect(run.stderr.contains(says), "\(run.stderr)")
            let logPath =
                run.stderr.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasSuffix("/spark.log") }
                ?? ""
            #expect(logPath.hasSuffix("/spark.log") && FileManager.default.fileExists(atPath: logPath), "\(run.stderr)")
            if says == "exit status 1" {
                // The fake saw the driver Jingzhun wrote and the options of the pipeline file.
                let log = String(decoding: Harness.read(logPath), as: UTF8.self)
                #expect(
                    log.contains("fake spark-submit: --master local[2] --conf spark.sql.shuffle.partitions=4 "),
                    "\(log)")
                #expect(log.contains("/tmp/spark/driver.py"), "\(log)")
            }
            #expect(try Self.untouched(output) == before, "\(compute) changed the exports or the indicators table")
        }
        // --engine on the command line overrides the pipeline's builtin.
        try? FileManager.default.removeItem(atPath: output + "/state/compute.json")
        let builtinAgain = try Self.pipeline(in: folder, output: output, compute: "{engine: builtin}")
        let overridden = try Harness.run(
            ["compute", builtinAgain, "--engine", "spark", "--master", "local[1]"],
            environment: ["PATH": folder + "/empty-path"])
        #expect(overridden.status == 69, "\(overridden.stderr)")
        #expect(overridden.stderr.contains("'spark-submit' (not found)"), "\(overridden.stderr)")
        #expect(try Self.untouched(output) == before)
    }

    @Test func computeKeyIsChecked() throws {
        let folder = Harness.scratch("spark-key")
        for (compute, says) in [
            ("{engine: hadoop}", "'compute.engine' must be builtin or spark"),
            ("{engine: spark, timeout_seconds: 0}", "'compute.timeout_seconds' must be a positive whole number"),
            ("{engine: spark, masters: yarn}", "unknown key 'compute.masters'"),
        ] {
            let pipeline = try Self.pipeline(in: folder, output: folder + "/output", compute: compute)
            let run = try Harness.run(["compute", pipeline])
            #expect(run.status == 2, "\(compute): \(run.stderr)")
            #expect(run.stderr.contains(says) && run.stderr.contains("line 7"), "\(run.stderr)")
        }
    }
}
