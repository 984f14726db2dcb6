import Foundation
import Testing

/// Scale-out (issue 17): ingest split across processes that share one output folder, and the
/// store's symlink manifests read by an engine that knows nothing of Delta.
@Suite(.serialized) struct ScaleOutTests {
    /// Three `jingzhun-ingest --shard K/3` processes at once on one output folder, then one
    /// normalize, compute and render: byte-identical to one `jingzhun run`.
    @Test func threeIngestShardsThenOneNormalizeEqualOneRun() throws {
        let whole = Harness.scratch("shards-whole")
        let sharded = Harness.scratch("shards-sharded")
        _ = try Harness.run(["run", "pipelines/sample.yaml", "--output", whole, "--quiet"])
        let bin = URL(fileURLWithPath: Harness.binary).deletingLastPathComponent().path

        func stage(_ name: String, _ extra: [String]) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin + "/jingzhun-" + name)
            p.arguments = ["pipelines/sample.yaml", "--output", sharded, "--quiet"] + extra
            p.currentDirectoryURL = URL(fileURLWithPath: Harness.repository)
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        // Started together: they hold the run lock shared and write disjoint staging files.
        let shards = try (1...3).map { try stage("ingest", ["--shard", "\($0)/3"]) }
        for p in shards { p.waitUntilExit() }
        let statuses = shards.map(\.terminationStatus)
        // The sample's whole-rejected submission falls to exactly one shard (exit 1); none is locked out.
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 1 }, "\(statuses)")
        #expect(statuses.filter { $0 == 1 }.count == 1, "\(statuses)")

        // Each submission was staged by exactly one shard, and each shard kept its own run folder.
        let runs = try FileManager.default.contentsOfDirectory(atPath: sharded + "/runs")
        #expect(runs.filter { $0.hasSuffix("-of-3") }.count == 3, "\(runs)")
        var inputs: [String] = []
        for run in runs {
            let data = Harness.read(sharded + "/runs/" + run + "/manifest.json")
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            for input in json?["inputs"] as? [[String: Any]] ?? [] where (input["submission"] as? String ?? "") != "" {
                inputs.append(input["path"] as? String ?? "")
            }
        }
        #expect(inputs.count == Set(inputs).count, "a file was taken by two shards: \(inputs.sorted())")

        for name in ["normalize", "compute", "render"] {
            let p = try stage(name, [])
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "jingzhun-\(name)")
        }
        let compare = try Harness.run(["verify", "--against", whole, sharded])
        #expect(compare.status == 0, "\(compare.stdout)")
        #expect(compare.stdout.contains(" 0 differing"))
    }

    @Test func shardIsRefusedOutsideIngestAndWhenMalformed() throws {
        let out = Harness.scratch("shards-usage")
        let run = try Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--shard", "1/2"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("ingest stage only"), "\(run.stderr)")
        let bin = URL(fileURLWithPath: Harness.binary).deletingLastPathComponent().path
        for bad in ["0/2", "3/2", "1/0", "a/b", "1"] {
            let o = try Harness.run(
                ["pipelines/sample.yaml", "--output", out, "--shard", bad], executable: bin + "/jingzhun-ingest")
            #expect(o.status == 2, "--shard \(bad)")
        }
    }

    /// DuckDB reads the Parquet files the symlink manifests list (as Hive and Trino would) and
    /// counts exactly the records in force: the superseded revision 52-2019-r1 is not counted.
    @Test func symlinkManifestsListExactlyTheRecordsInForce() throws {
        let out = Harness.scratch("symlink")
        _ = try Harness.run(["run", "pipelines/sample.yaml", "--output", out, "--quiet"])
        let python = ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3"
        let script = """
            import glob, sys, duckdb
            store = sys.argv[1]
            files = []
            for m in sorted(glob.glob(store + '/households/_symlink_format_manifest/**/manifest', recursive=True)):
                files += [line[len('file://'):] for line in open(m).read().splitlines()]
            via_manifests = duckdb.sql(f"select count(*) from read_parquet({files!r})").fetchall()[0][0]
            all_files = duckdb.sql(f"select count(*) from \
            read_parquet('{store}/households/**/*.parquet')").fetchall()[0][0]
            from deltalake import DeltaTable
            in_force = DeltaTable(store + '/households').to_pyarrow_table().num_rows
            print(via_manifests, all_files, in_force)
            # deltalake's native runtime can abort at interpreter teardown: end before it.
            import os
            sys.stdout.flush()
            os._exit(0)
            """
        let o = try Harness.run(["-c", script, out + "/store"], executable: try which(python))
        if o.status != 0 && (o.stderr.contains("No module named") || o.stderr.contains("ModuleNotFoundError")) {
            print("skipped: \(python) lacks duckdb or deltalake (\(o.stderr.split(separator: "\n").last ?? ""))")
            return
        }
        #expect(o.status == 0, "\(o.stderr)")
        let counts = o.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        #expect(counts.count == 3)
        guard counts.count == 3 else { return }
        #expect(counts[0] == counts[2], "manifests \(counts[0]) vs Delta log \(counts[2])")
        // The sample holds a superseded revision, so the bare glob counts more: the manifests matter.
        #expect(counts[1] > counts[0])
    }

    func which(_ command: String) throws -> String {
        if command.hasPrefix("/") { return command }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "/usr/bin/" + command
    }
}
