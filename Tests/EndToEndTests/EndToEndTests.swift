import Foundation
import JingzhunIO
import JingzhunTesting
import Testing

/// Runs the real `jingzhun` binary (built next to this test bundle) on real files.
enum Harness {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("jingzhun").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return repository + "/.build/debug/jingzhun"
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `jingzhun` (or `executable`) from the repository root with `arguments`.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: String? = nil) throws
        -> Outcome
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: repository)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    static func scratch(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "jingzhun-e2e-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `jingzhun run` once on a fixture's inbox (`<fixture>/inbox`) with the sample's
    /// reference data, templates and key, `extra` lines appended to the pipeline file; returns the
    /// scratch folder holding `p.yaml` and `output/`.
    static func runFixture(_ name: String, fixture: String, extra: String = "") -> String {
        let folder = scratch(name)
        let pipeline = PipelineFixture.text(
            name: name, inbox: fixture + "/inbox", output: folder + "/output", extra: extra, repository: repository)
        try? pipeline.write(toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        let run = try? Harness.run(["run", folder + "/p.yaml", "--quiet"])
        #expect(run?.status == 0, "\(run?.stderr ?? "cannot run jingzhun")")
        return folder
    }

    static func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// The first night of the operators' sequence: the sample inbox without the late revision
    /// 52-2019-r2 is run into `output` (exit 1: one sample submission is rejected on purpose),
    /// then the late revision arrives in the inbox for the next run.
    static func runSampleThenAddLateRevision(inbox: String, output: String) throws {
        let fm = FileManager.default
        let sample = repository + "/sample-inputs"
        let late = ["52-2019-r2.registry.xml.gz", "52-2019-r2.registry.xml.gz.sha256"]
        for name in try fm.contentsOfDirectory(atPath: sample)
        where !late.contains(name) && name.contains(".") && !name.hasSuffix(".md") {
            try fm.copyItem(atPath: sample + "/" + name, toPath: inbox + "/" + name)
        }
        let first = try run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")
        for name in late { try fm.copyItem(atPath: sample + "/" + name, toPath: inbox + "/" + name) }
    }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func samplePipelineRunsThenIsANoOpAndVerifies() throws {
        let out = Harness.scratch("sample")
        let first = try Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--quiet"])
        // The sample inbox holds one submission rejected whole on purpose (missing CSV file): exit 1.
        #expect(first.status == 1, "stderr: \(first.stderr)")
        let indicators = Harness.read(out + "/exports/indicators.csv")
        let breakdowns = Harness.read(out + "/exports/breakdowns.csv")
        #expect(String(decoding: indicators.prefix(34), as: UTF8.self) == "year,level,area_code,indicator,val")
        #expect(!breakdowns.isEmpty)
        for year in ["2018", "2019"] {
            for report in ["national", "data-quality"] {
                for format in ["html", "md", "csv"] {
                    #expect(FileManager.default.fileExists(atPath: "\(out)/reports/\(year)/\(report).\(format)"))
                }
            }
        }
        // Same bytes again: nothing is read, nothing changes, nothing is rejected anew.
        let second = try Harness.run(["run", "pipelines/sample.yaml", "--output", out])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("indicators are up to date"))
        // Not even hashed again: 9 submissions are recognised by their files' stamps (the tenth,
        // rejected at discovery for a missing CSV file, is never cached).
        #expect(second.stderr.contains("9 of 10 submissions unchanged since the last scan"), "\(second.stderr)")
        #expect(Harness.read(out + "/exports/indicators.csv") == indicators)
        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted()
        #expect(runs.count == 2)
        let manifest = out + "/runs/" + runs[0] + "/manifest.json"
        let text = String(decoding: Harness.read(manifest), as: UTF8.self)
        #expect(text.contains("\"format\": \"jingzhun-manifest/1\""))
        #expect(!text.contains("NOT-SECRET"), "the key itself must never appear in a manifest")
        #expect(FileManager.default.fileExists(atPath: out + "/metrics.prom"))
        let verify = try Harness.run(["verify", manifest])
        #expect(verify.status == 0, "\(verify.stdout)\n\(verify.stderr)")
        #expect(verify.stdout.contains(" 0 differing"))
        // An analyst's on-demand report is the same as the one the run rendered.
        let onDemand = try Harness.run([
            "report", "province", "--year", "2019", "--area", "52", "--format", "md", "--output-dir", out,
        ])
        #expect(onDemand.status == 0, "\(onDemand.stderr)")
        #expect(Data(onDemand.stdout.utf8) == Harness.read(out + "/reports/2019/province-52.md"))
        let unknownArea = try Harness.run(["report", "province", "--year", "2019", "--area", "99", "--output-dir", out])
        #expect(unknownArea.status == 2)
        #expect(unknownArea.stderr.contains("52"))
        // Personal data never reaches the output tree in clear: no 18-character identity number anywhere.
        let pattern = try Regex("[1-6][0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx]")
        for rel in FilePath.walkFiles(out) where !rel.hasSuffix(".parquet") {
            let body = String(decoding: Harness.read(out + "/" + rel), as: UTF8.self)
            #expect(body.firstMatch(of: pattern) == nil, "identity number in clear in \(rel)")
        }
    }

    /// A compute killed while merging identity runs leaves `tmp/compute/` behind: the next run
    /// removes it first and gives the same outputs as a clean run.
    @Test func leftoverComputeScratchChangesNothing() throws {
        let clean = Harness.scratch("scratch-clean")
        let dirty = Harness.scratch("scratch-dirty")
        _ = try Harness.run(["run", "pipelines/sample.yaml", "--output", clean, "--quiet"])
        let fm = FileManager.default
        for year in ["2018", "2019"] {
            let folder = dirty + "/tmp/compute/" + year
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Not even a whole number of entries: reading it would trap.
            for run in 0..<3 {
                try Data(repeating: 0xAB, count: 1001).write(to: URL(fileURLWithPath: folder + "/run-\(run)"))
            }
        }
        let run = try Harness.run(["run", "pipelines/sample.yaml", "--output", dirty, "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")  // the sample's whole-rejected submission
        #expect(!fm.fileExists(atPath: dirty + "/tmp"), "compute removes its scratch folder")
        let compare = try Harness.run(["verify", "--against", clean, dirty])
        #expect(compare.stdout.contains(" 0 differing"), "\(compare.stdout)")
        for name in ["indicators.csv", "breakdowns.csv"] {
            #expect(Harness.read(clean + "/exports/" + name) == Harness.read(dirty + "/exports/" + name))
        }
    }

    @Test func stagesRunOneByOneGiveTheSameOutputsAsRun() throws {
        let whole = Harness.scratch("whole")
        let staged = Harness.scratch("staged")
        _ = try Harness.run(["run", "pipelines/sample.yaml", "--output", whole, "--quiet"])
        let bin = URL(fileURLWithPath: Harness.binary).deletingLastPathComponent().path
        for stage in ["ingest", "normalize", "compute", "render"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin + "/jingzhun-" + stage)
            p.arguments = ["pipelines/sample.yaml", "--output", staged, "--quiet"]
            p.currentDirectoryURL = URL(fileURLWithPath: Harness.repository)
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            // ingest reports the sample's whole-rejected submission (exit 1); later stages have nothing rejected.
            #expect(p.terminationStatus == (stage == "ingest" ? 1 : 0), "jingzhun-\(stage)")
        }
        let compare = try Harness.run(["verify", "--against", whole, staged])
        #expect(compare.status == 0, "\(compare.stdout)")
        #expect(compare.stdout.contains(" 0 differing"))
    }

    /// The operators' sequence: run, a revision arrives, run, run again (no-op); the result equals
    /// one run over the final inbox, and every manifest verifies.
    @Test func nightlySequenceWithALateRevisionEqualsOneRun() throws {
        let inbox = Harness.scratch("nightly-inbox")
        let out = Harness.scratch("nightly-out")
        let reference = Harness.scratch("nightly-reference")
        let fm = FileManager.default
        try Harness.runSampleThenAddLateRevision(inbox: inbox, output: out)
        let second = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("applied 52-2019-r2"))
        #expect(second.stderr.contains("computed") && second.stderr.contains("for 2019"))
        #expect(
            !second.stderr.contains("for 2018 [year=2018]"), "2018 does not depend on 2019 and must not be recomputed")
        let third = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out])
        #expect(third.status == 0)
        #expect(third.stderr.contains("reports are up to date"))
        #expect(
            try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", reference, "--quiet"]).status
                == 1)
        // The single run is the reference; the nightly folder the candidate.
        let compare = try Harness.run(["verify", "--against", reference, out])
        // The late run keeps r1's superseded files for time travel; compare the other way round too.
        #expect(compare.stdout.contains(" 0 differing"), "\(compare.stdout)")
        for run in try fm.contentsOfDirectory(atPath: out + "/runs").sorted() {
            let verify = try Harness.run(["verify", out + "/runs/" + run + "/manifest.json"])
            #expect(verify.status == 0, "\(run): \(verify.stdout)")
        }
    }

    /// `--dry-run` says what a run would apply, compute and render, and writes nothing: not in
    /// an existing output folder, and not even the folder (or its lock file) when it is new.
    @Test func dryRunWritesNothingAndSaysWhatWouldChange() throws {
        let fm = FileManager.default
        let fresh = Harness.scratch("dry-fresh") + "/out"
        let first = try Harness.run(["run", "pipelines/sample.yaml", "--output", fresh, "--dry-run"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("would ingest 41-2018-r1"))
        #expect(first.stderr.contains("would compute years 2018, 2019"))
        #expect(first.stderr.contains("would render reports for 2018, 2019"))
        #expect(!fm.fileExists(atPath: fresh), "a dry run created the output folder")

        let inbox = Harness.scratch("dry-inbox")
        let out = Harness.scratch("dry-out")
        try Harness.runSampleThenAddLateRevision(inbox: inbox, output: out)
        func tree() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for case let path as String in fm.enumerator(atPath: out)! {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: out + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[path] = Harness.read(out + "/" + path)
                }
            }
            return files
        }
        let before = try tree()
        let dry = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("would ingest 52-2019-r2"))
        #expect(!dry.stderr.contains("would ingest 41-2018-r1"), "an applied submission is not read again")
        #expect(dry.stderr.contains("would compute years 2019\n") || dry.stderr.contains("would compute years 2019 "))
        #expect(dry.stderr.contains("would render reports for 2019"))
        #expect(try tree() == before, "a dry run changed the output folder")

        // While a run holds the folder, a dry run refuses too (what it would report is changing).
        guard
            case .acquired(let lock) = try RunLock.acquire(outputDirectory: out, startedAt: "2026-01-02T00:00:00.000Z")
        else {
            Issue.record("could not take the lock in the test")
            return
        }
        defer { lock.release() }
        let locked = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--dry-run"])
        #expect(locked.status == 3)
        #expect(locked.stderr.contains("2026-01-02T00:00:00.000Z"))
    }

    /// An independent re-implementation of indicators.md (`scripts/crosscheck_indicators.py`:
    /// written from the contract without reading the engine, in exact rational arithmetic)
    /// agrees with every exported value of the sample run and of a hand-made inbox of edge
    /// cases (incomes exactly at z and 1.1 z, school ages 5/6/15/16, thresholds exactly 2 % and
    /// 3 %, movers, revisions, cross-province duplicates, a year without a poverty line).
    @Test func independentRecomputationAgreesWithTheExports() throws {
        let python = ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3"
        func py(_ arguments: [String]) throws -> Harness.Outcome {
            try Harness.run([python] + arguments, executable: "/usr/bin/env")
        }
        guard try py(["-c", "import deltalake"]).status == 0 else {
            print(
                "independentRecomputationAgreesWithTheExports skipped: \(python) cannot import deltalake (set "
                    + "JINGZHUN_PYTHON)"
            )
            return
        }
        let sample = Harness.scratch("xcheck-sample")
        #expect(try Harness.run(["run", "pipelines/sample.yaml", "--output", sample, "--quiet"]).status == 1)
        let onSample = try py(["scripts/crosscheck_indicators.py", sample])
        #expect(onSample.status == 0, "\(onSample.stdout)")
        #expect(onSample.stdout.contains("RESULT: 0 value/row discrepancies; 0 notes"), "\(onSample.stdout)")

        let inbox = Harness.scratch("xcheck-edge-inbox")
        let edge = Harness.scratch("xcheck-edge")
        #expect(try py(["Tests/EndToEndTests/EdgeCases/make_edge_inbox.py", inbox]).status == 0)
        // Two revisions are rejected whole on purpose (F012, F014): exit 1.
        #expect(
            try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", edge, "--quiet"]).status == 1
        )
        let onEdge = try py(["scripts/crosscheck_indicators.py", edge])
        #expect(onEdge.status == 0, "\(onEdge.stdout)")
        #expect(onEdge.stdout.contains("RESULT: 0 value/row discrepancies; 0 notes"), "\(onEdge.stdout)")
    }

    @Test func badPipelineFileExitsTwoNamingKeyAndLine() throws {
        let dir = Harness.scratch("badpipeline")
        let path = dir + "/bad.yaml"
        let text =
            "name: x\ninbox: .\noutput: out\nreference: r\npseudonym_key:\n  file: k\nsettings:\n  "
            + "max_rejected_household_pct: many\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Harness.run(["run", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml (line 8)"))
        #expect(r.stderr.contains("max_rejected_household_pct"))
    }

    /// A pipeline in a scratch folder over the sample inbox, with `catalogue` naming the shipped
    /// catalogue and `ours.yaml` of that folder.
    static func cataloguePipeline(_ dir: String, ours: String) throws -> String {
        let repo = Harness.repository
        let pipeline = """
            name: catalogue-test
            inbox: \(repo)/sample-inputs
            output: out
            reference: \(repo)/pipelines/reference
            templates: \(repo)/templates
            pseudonym_key: {file: \(repo)/pipelines/sample.key, sample: true}
            catalogue: [\(repo)/pipelines/catalogue.yaml, ours.yaml]

            """
        try pipeline.write(toFile: dir + "/p.yaml", atomically: true, encoding: .utf8)
        try ours.write(toFile: dir + "/ours.yaml", atomically: true, encoding: .utf8)
        return dir + "/p.yaml"
    }

    /// catalogue.md: added indicators appear in the exports (the shipped rows unchanged), the
    /// manifest records each catalogue's digest, and a changed catalogue recomputes every year.
    @Test func addedIndicatorsNeedNoRecompiling() throws {
        let plain = Harness.scratch("catalogue-plain")
        #expect(try Harness.run(["run", "pipelines/sample.yaml", "--output", plain, "--quiet"]).status == 1)
        let dir = Harness.scratch("catalogue-added")
        let extra = String(
            decoding: Harness.read(Harness.repository + "/pipelines/extra-indicators.yaml"), as: UTF8.self)
        let pipeline = try Self.cataloguePipeline(dir, ours: extra)
        #expect(try Harness.run(["run", pipeline, "--quiet"]).status == 1)
        let shipped = String(decoding: Harness.read(plain + "/exports/indicators.csv"), as: UTF8.self).split(
            separator: "\n")
        let added = String(decoding: Harness.read(dir + "/out/exports/indicators.csv"), as: UTF8.self).split(
            separator: "\n")
        // Every shipped row is there unchanged, in order; 7 entries add 17 ids (mpi exports 11).
        #expect(added.filter(Set(shipped).contains) == shipped)
        // One row per added id, area and year.
        // 58 shipped ids per area: indicators.md's 42, mpi_guarantees' 15 and the return rate.
        #expect(added.count - shipped.count == 17 * (shipped.count - 1) / 58)
        let ids = Set(added.map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] })
        for id in [
            "poor_heads_lost_labor_pct", "poverty_gap_index_half_line", "poor_population_change", "mpi_m0",
            "mpi_contribution_water",
        ] {
            #expect(ids.contains(Substring(id)), "\(id)")
        }
        #expect(ids.count == 58 + 17 + 1)  // + the header's "indicator"
        #expect(added.contains("2019,nation,CN,poor_heads_lost_labor,26"))

        // The national and province reports list the added indicators in a table of their own,
        // with the exported values; the plain sample's reports have no such table.
        let label = "Poor households whose head has lost labour capacity (户主丧失劳动能力的贫困户数)"
        let national = String(decoding: Harness.read(dir + "/out/reports/2019/national.md"), as: UTF8.self)
        #expect(national.contains("## Added indicators"))
        #expect(national.contains("| \(label) | 26 | count |"), "\(national)")
        #expect(national.contains("| Panel income growth (the builtin again, under another id) |"))
        #expect(
            national.contains("| Multidimensional poverty (Alkire–Foster): contribution of water (多维贫困指数：water 贡献率) |"))
        let provinceRow = try #require(added.first { $0.hasPrefix("2019,province,52,poor_heads_lost_labor,") })
        let provinceValue = try #require(Int(provinceRow.split(separator: ",").last ?? ""))
        #expect(provinceValue < 1000)  // printed without grouping
        let province = String(decoding: Harness.read(dir + "/out/reports/2019/province-52.html"), as: UTF8.self)
        #expect(province.contains("<h2>Added indicators</h2>"))
        #expect(
            province.contains(
                "<td class=\"\">\(label)</td><td class=\"num\">\(provinceValue)</td><td class=\"\">count</td>"))
        for report in ["national.md", "national.html", "province-52.md", "province-52.html"] {
            let text = String(decoding: Harness.read(plain + "/reports/2019/" + report), as: UTF8.self)
            #expect(!text.isEmpty && !text.contains("Added indicators"), "\(report)")
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out/runs").sorted()
        let manifest = String(decoding: Harness.read(dir + "/out/runs/" + runs[0] + "/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"catalogue\""))
        #expect(manifest.contains("ours.yaml"))

        // The same catalogue again: nothing to compute. A changed catalogue: every year again.
        let again = try Harness.run(["run", pipeline])
        #expect(again.stderr.contains("indicators are up to date"), "\(again.stderr)")
        try (extra + "  - {id: one_more, label: One more, unit: count, kind: count, of: village}\n")
            .write(toFile: dir + "/ours.yaml", atomically: true, encoding: .utf8)
        let changed = try Harness.run(["run", pipeline])
        #expect(changed.stderr.contains("for 2018") && changed.stderr.contains("for 2019"), "\(changed.stderr)")
        #expect(
            String(decoding: Harness.read(dir + "/out/exports/indicators.csv"), as: UTF8.self).contains(",one_more,"))
    }

    /// The shipped catalogue's definitions reproduce the shipped engine byte for byte: every
    /// non-builtin entry of pipelines/catalogue.yaml, added again under the id `zz_ID` and so
    /// computed by the catalogue engine, exports the same text as ID, on the sample, on the
    /// edge-case inbox and on synthetic data with defects and a revision.
    @Test func shippedCatalogueDefinitionsReproduceTheExports() throws {
        let catalogue = String(decoding: Harness.read(Harness.repository + "/pipelines/catalogue.yaml"), as: UTF8.self)
        let entries = catalogue.components(separatedBy: "\n  - id: ").dropFirst()
            .filter { !$0.contains("kind: builtin") }
            .map { "  - id: zz_" + $0.trimmingCharacters(in: .newlines) }
        #expect(entries.count == 37)  // mpi_guarantees included: zz_mpi_guarantees_h against mpi_guarantees_h, …
        let copy = "version: 1\nindicators:\n" + entries.joined(separator: "\n") + "\n"

        func compare(_ exports: String, _ label: String) {
            var rows: [String: Substring] = [:]
            let lines = String(decoding: Harness.read(exports), as: UTF8.self).split(separator: "\n").dropFirst()
            for line in lines {
                let fields = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
                rows[fields[0..<4].joined(separator: ",")] = fields[4]
            }
            var compared = 0
            for (key, value) in rows where key.contains(",zz_") {
                compared += 1
                let shipped = key.replacingOccurrences(of: ",zz_", with: ",")
                #expect(
                    rows[shipped] == value,
                    "\(label): \(shipped) is \(rows[shipped] ?? "missing"), the catalogue gives \(value)")
            }
            #expect(compared > 0, "\(label): no exports")
            // 58 shipped ids per area, 51 of them (36 + mpi_guarantees' 15) not builtins.
            #expect(compared == 51 * (lines.count - compared) / 58, "\(label): one zz_ row per shipped row")
        }

        let dir = Harness.scratch("catalogue-copy")
        let pipeline = try Self.cataloguePipeline(dir, ours: copy)
        #expect(try Harness.run(["run", pipeline, "--quiet"]).status == 1)
        compare(dir + "/out/exports/indicators.csv", "sample")

        let synth = Harness.scratch("catalogue-copy-synth")
        let reference = Harness.repository + "/pipelines/reference"
        let first = try Harness.run([
            "synth", "--provinces", "11,45,52,65", "--years", "2017,2018,2019", "--households-per-province", "1500",
            "--defects", "0.03", "--seed", "7", "--reference", reference, "--out", synth + "/in",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let revision = try Harness.run([
            "synth", "--provinces", "45", "--years", "2019", "--households-per-province", "1600", "--defects", "0.02",
            "--seed", "8", "--revision", "2", "--reference", reference, "--out", synth + "/in",
        ])
        #expect(revision.status == 0, "\(revision.stderr)")
        _ = try Harness.run(["run", pipeline, "--inbox", synth + "/in", "--output", synth + "/out", "--quiet"])
        compare(synth + "/out/exports/indicators.csv", "synth")

        let python = ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3"
        let edge = Harness.scratch("catalogue-copy-edge")
        let made = try Harness.run(
            [python, "Tests/EndToEndTests/EdgeCases/make_edge_inbox.py", edge + "/in"], executable: "/usr/bin/env")
        guard made.status == 0 else {
            print("shippedCatalogueDefinitionsReproduceTheExports: edge-case inbox skipped (\(python) failed)")
            return
        }
        _ = try Harness.run(["run", pipeline, "--inbox", edge + "/in", "--output", edge + "/out", "--quiet"])
        compare(edge + "/out/exports/indicators.csv", "edge cases")
    }

    @Test func badCatalogueExitsTwoWithEveryProblemLocated() throws {
        let dir = Harness.scratch("catalogue-bad")
        let pipeline = try Self.cataloguePipeline(
            dir,
            ours:
                "version: 1\nindicators:\n  - {id: a, label: A, unit: count, kind: sum, of: household, value: "
                + "incom_wage}\n"
                + "  - {id: b, label: B, unit: pct, kind: ratio, num: a, den: poor_housholds}\n")
        for command in [["run", pipeline], ["indicators", "--pipeline", pipeline]] {
            let r = try Harness.run(command)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(
                r.stderr.contains(
                    "ours.yaml:3:69: unknown field 'incom_wage' of household; did you mean 'income_wage'?"),
                "\(r.stderr)")
            #expect(
                r.stderr.contains(
                    "ours.yaml:4:60: unknown indicator 'poor_housholds'; did you mean 'poor_households'?"),
                "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/exports"))
    }

    @Test func secondRunOnALockedOutputExitsThree() throws {
        let out = Harness.scratch("locked")
        guard
            case .acquired(let lock) = try RunLock.acquire(outputDirectory: out, startedAt: "2026-01-01T00:00:00.000Z")
        else {
            Issue.record("could not take the lock in the test")
            return
        }
        defer { lock.release() }
        let r = try Harness.run(["run", "pipelines/sample.yaml", "--output", out])
        #expect(r.status == 3)
        #expect(r.stderr.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(r.stderr.contains("2026-01-01T00:00:00.000Z"))
    }

    @Test func unknownReportNameListsWhatExists() throws {
        let r = try Harness.run(["report", "nationwide", "--year", "2019"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("national") && r.stderr.contains("data-quality"))
    }

    @Test func indicatorsCommandListsTheCatalogue() throws {
        let r = try Harness.run(["indicators"])
        #expect(r.status == 0)
        for id in [
            "poverty_incidence_pct", "county_exit_eligible", "panel_income_growth_pct", "cross_province_duplicates",
        ] {
            #expect(r.stdout.contains(id))
        }
    }

    /// Found by fuzzing: out-of-range numbers trapped (SIGILL) instead of a usage error.
    @Test(arguments: [
        ["--max-rejected-household-pct", "nan"], ["--max-rejected-household-pct", "inf"],
        ["--max-rejected-household-pct", "1e300"], ["--max-rejected-household-pct", "-1"], ["--limit=-1"],
    ])
    func checkRefusesOutOfRangeOptions(_ options: [String]) throws {
        let r = try Harness.run(["check", "sample-inputs/41-2018-r1.registry.xml"] + options)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(options[0].hasPrefix("--limit") ? "--limit" : "--max-rejected-household-pct"))
    }

    @Test func badCommandLineExitsTwo() throws {
        let r = try Harness.run(["run"])
        #expect(r.status == 2)
    }
}
