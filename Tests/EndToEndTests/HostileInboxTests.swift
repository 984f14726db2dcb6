import Foundation
import JingzhunIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// issue 13: hostile inboxes and bad configuration end in bounded time with a documented exit
/// status; nothing refused is read, and the lock is never left held.
enum Bounded {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool
    }

    /// Runs `jingzhun` like `Harness.run`, but kills it (SIGKILL) after `timeout` seconds: a
    /// hang is a failed expectation, not a test that never ends.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Double = 120,
        signal: (seconds: Double, number: Int32)? = nil, executable: String = "jingzhun"
    ) throws -> Outcome {
        let p = Process()
        // The shell opens the output files and execs the binary (same pid): no file handle of
        // this process is handed to the child, and a killed child leaves no pipe to drain.
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.currentDirectoryURL = URL(fileURLWithPath: Harness.repository)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        let scratch = NSTemporaryDirectory() + "jingzhun-bounded-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: scratch + ".out", contents: nil)
        FileManager.default.createFile(atPath: scratch + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        p.arguments =
            [
                "-c", "exec \"$0\" \"$@\" >\"$OUT\" 2>\"$ERR\" </dev/null",
                FilePath.directory(of: Harness.binary) + "/" + executable,
            ] + arguments
        p.environment?["OUT"] = scratch + ".out"
        p.environment?["ERR"] = scratch + ".err"
        let start = Date()
        try p.run()
        var timedOut = false
        var signalled = false
        while p.isRunning {
            let elapsed = Date().timeIntervalSince(start)
            if let signal, !signalled, elapsed >= signal.seconds {
                kill(p.processIdentifier, signal.number)
                signalled = true
            }
            if elapsed > timeout {
                kill(p.processIdentifier, SIGKILL)
                timedOut = true
                break
            }
            usleep(20_000)
        }
        p.waitUntilExit()
        return Outcome(
            status: p.terminationStatus,
            stdout: String(decoding: Harness.read(scratch + ".out"), as: UTF8.self),
            stderr: String(decoding: Harness.read(scratch + ".err"), as: UTF8.self),
            seconds: Date().timeIntervalSince(start), timedOut: timedOut)
    }

    /// A copy of the sample inbox (without the late revision, as on the first night).
    static func sampleInbox(_ name: String) throws -> String {
        let inbox = Harness.scratch(name)
        let sample = Harness.repository + "/sample-inputs"
        for entry in try FileManager.default.contentsOfDirectory(atPath: sample)
        where entry.contains(".") && !entry.hasSuffix(".md") {
            try FileManager.default.copyItem(atPath: sample + "/" + entry, toPath: inbox + "/" + entry)
        }
        return inbox
    }

    /// The manifest of the newest run in `output`, parsed.
    static func lastManifest(_ output: String) throws -> [String: Any] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: output + "/runs").sorted()
        let data = Harness.read(output + "/runs/" + (runs.last ?? "") + "/manifest.json")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func inputs(_ manifest: [String: Any]) -> [[String: Any]] { manifest["inputs"] as? [[String: Any]] ?? [] }
}

@Suite(.serialized) struct HostileInboxTests {
    /// A FIFO and symlinks to /dev/zero, to the key and to a file outside the inbox: the run and
    /// the dry run end promptly; the entries are notices with no size or digest in the manifest,
    /// and the key's digest appears nowhere.
    @Test func fifoAndLinksToADeviceTheKeyOrOutsideNeverHangAndAreNeverRead() throws {
        let inbox = try Bounded.sampleInbox("hostile-inbox")
        let output = Harness.scratch("hostile-output")
        #expect(mkfifo(inbox + "/README", 0o644) == 0)
        #expect(mkfifo(inbox + "/53-2020-r1.registry.xml", 0o644) == 0)
        #expect(symlink("/dev/zero", inbox + "/zero") == 0)
        #expect(symlink("/dev/zero", inbox + "/54-2019-r1.registry.xml") == 0)
        let key = Harness.repository + "/pipelines/sample.key"
        #expect(symlink(key, inbox + "/59-2019-r1.registry.xml") == 0)
        #expect(symlink("/etc/hostname", inbox + "/hostname") == 0)
        let arguments = ["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"]

        let dryRun = try Bounded.run(arguments + ["--dry-run"], timeout: 60)
        #expect(!dryRun.timedOut, "the dry run hung")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")

        let run = try Bounded.run(arguments, timeout: 120)
        #expect(!run.timedOut, "the run hung")
        #expect(run.status == 1, "\(run.stderr)")  // the sample's rejected submission
        let manifest = try Bounded.lastManifest(output)
        let refused = [
            "README", "53-2020-r1.registry.xml", "zero", "54-2019-r1.registry.xml", "59-2019-r1.registry.xml",
            "hostname",
        ]
        for name in refused {
            let entry = Bounded.inputs(manifest).first { $0["path"] as? String == name }
            #expect(entry != nil, "\(name) not recorded")
            #expect(entry?["sha256"] == nil && entry?["size"] == nil, "\(name) was read: \(String(describing: entry))")
        }
        let keyDigest = try RegularFile.sha256(of: key).hex
        let text = String(
            decoding: Harness.read(
                output + "/runs/"
                    + (try FileManager.default.contentsOfDirectory(atPath: output + "/runs").sorted().last ?? "")
                    + "/manifest.json"), as: UTF8.self)
        #expect(!text.contains(keyDigest), "the key's digest reached the manifest")
        // The lock was released: a second run takes it (exit 0: nothing new), it does not exit 3.
        let again = try Bounded.run(arguments, timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
        // `check` on the folder ends too (a folder's stray files are not listed: docs/check.md),
        // and `check` of the FIFO named on purpose says what it is, without reading it.
        let check = try Bounded.run(["check", inbox], timeout: 60)
        #expect(!check.timedOut)
        let named = try Bounded.run(["check", inbox + "/53-2020-r1.registry.xml"], timeout: 60)
        #expect(!named.timedOut)
        #expect(named.stdout.contains("FIFO"), "\(named.stdout)")
    }

    /// A newline in an inbox file name does not split a plain-text log line (no forged line).
    @Test func aNewlineInAFileNameIsEscapedInLogLines() throws {
        let inbox = Harness.scratch("newline-inbox")
        let output = Harness.scratch("newline-output")
        let name = "notes\nrun: run 1 ended with exit status 0"
        FileManager.default.createFile(atPath: inbox + "/" + name, contents: Data("x".utf8))
        let run = try Bounded.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("notes\\nrun: run 1 ended"), "\(run.stderr)")
        #expect(!run.stderr.split(separator: "\n").contains { $0.hasPrefix("run: run 1 ended") })
        let check = try Bounded.run(["check", inbox], timeout: 60)
        #expect(!check.stdout.split(separator: "\n").contains { $0.hasPrefix("run: run 1 ended") }, "\(check.stdout)")
    }

    /// The key file is /dev/zero, a FIFO, or too long: exit 2 at once, naming the path; nothing is created.
    @Test func aKeyFileThatIsADeviceOrFIFOIsRefusedWithExitTwo() throws {
        let folder = Harness.scratch("key-pipelines")
        #expect(mkfifo(folder + "/fifo.key", 0o644) == 0)
        FileManager.default.createFile(atPath: folder + "/long.key", contents: Data(repeating: 0x61, count: 5000))
        for key in ["/dev/zero", folder + "/fifo.key", folder + "/long.key"] {
            let pipeline = try writePipeline(folder, name: "key", key: key)
            let output = folder + "/output-" + String(key.count)
            let run = try Bounded.run(["run", pipeline, "--output", output], timeout: 30)
            #expect(!run.timedOut)
            #expect(run.status == 2, "\(key): \(run.stderr)")
            #expect(run.stderr.contains(key), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    /// A templates folder that is missing, lacks a report or has a partial including itself:
    /// exit 2 before anything changes (no store, no lock file), naming the folder or template.
    @Test func badTemplatesAreFoundAtStartUpBeforeAnythingChanges() throws {
        let folder = Harness.scratch("template-pipelines")
        let templates = folder + "/templates"
        try FileManager.default.copyItem(atPath: Harness.repository + "/templates", toPath: templates)
        try Data("{{> table.html}}".utf8).write(to: URL(fileURLWithPath: templates + "/table.html.mustache"))
        let recursive = try writePipeline(folder, name: "recursive", templates: templates)
        let missing = try writePipeline(folder, name: "missing", templates: folder + "/no-such-folder")
        let withFIFO = folder + "/templates-fifo"
        try FileManager.default.copyItem(atPath: Harness.repository + "/templates", toPath: withFIFO)
        #expect(mkfifo(withFIFO + "/extra.html.mustache", 0o644) == 0)
        let fifo = try writePipeline(folder, name: "fifo", templates: withFIFO)
        for (pipeline, expected) in [
            (recursive, "template 'table.html' includes itself"), (missing, "no-such-folder"),
            (fifo, "extra.html.mustache: not a regular file (a FIFO"),
        ] {
            let output = folder + "/output"
            let run = try Bounded.run(["run", pipeline, "--output", output], timeout: 30)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        let report = try Bounded.run(["report", "national", "--year", "2019", "--pipeline", recursive], timeout: 30)
        #expect(report.status == 2, "\(report.stderr)")
        #expect(report.stderr.contains("includes itself"))
    }

    /// A pipeline file like the sample's, with another key or templates folder.
    func writePipeline(_ folder: String, name: String, key: String? = nil, templates: String? = nil) throws -> String {
        let path = folder + "/\(name).yaml"
        let text = """
            name: \(name)
            inbox: \(Harness.repository)/sample-inputs
            output: \(folder)/output
            reference: \(Harness.repository)/pipelines/reference
            templates: \(templates ?? Harness.repository + "/templates")
            pseudonym_key:
              file: \(key ?? Harness.repository + "/pipelines/sample.key")
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
