import Foundation
import Testing

/// Exit statuses that mean something (issue 16), each from a real cause.
@Suite(.serialized) struct ExitStatusTests {
    static func shell(_ script: String) throws -> Harness.Outcome {
        try Harness.run(["-c", script], executable: "/bin/sh")
    }

    @Test func aFileInTheOutputFoldersPlaceIs73() throws {
        let dir = Harness.scratch("exit-73")
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: dir + "/output"))
        let r = try Harness.run(["run", "pipelines/sample.yaml", "--output", dir + "/output", "--quiet"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("\(dir)/output"), "names the path")
        #expect(r.stderr.contains("taking the run lock"), "names the operation")
        #expect(!r.stderr.contains("bug"), "\(r.stderr)")
    }

    /// chmod stops writes only for a user other than root: as root, the run is started as `nobody`
    /// through setpriv(1); without it the test is skipped with a printed reason.
    @Test func aFolderThatMayNotBeWrittenIs77() throws {
        let dir = Harness.scratch("exit-77")
        try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir + "/locked")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        var prefix = ""
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                print("skipped: running as root, where chmod does not stop writes, and setpriv(1) is missing")
                return
            }
            prefix = "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "
        }
        let r = try Self.shell(
            "\(prefix)'\(Harness.binary)' run pipelines/sample.yaml --output '\(dir)/locked/out' --quiet")
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains("\(dir)/locked/out"))
        #expect(r.stderr.contains("Permission denied"))
    }

    @Test func aFileSizeLimitIs74NamingTheFile() throws {
        let dir = Harness.scratch("exit-74")
        let r = try Self.shell(
            "ulimit -f 40; exec '\(Harness.binary)' run pipelines/sample.yaml --output '\(dir)/out' --quiet")
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(r.stderr.contains(dir + "/out/"), "names the file")
        // The run's own records say the same.
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out/runs")
        let manifest = String(
            decoding: Harness.read(dir + "/out/runs/" + (runs.first ?? "") + "/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"exit_status\": 74"))
    }

    @Test func aBrokenTemplateIs2NamingTheFileAndLine() throws {
        let dir = Harness.scratch("exit-template")
        try FileManager.default.copyItem(atPath: Harness.repository + "/templates", toPath: dir + "/templates")
        let broken = dir + "/templates/national.md.mustache"
        var text = String(decoding: Harness.read(broken), as: UTF8.self)
        text += "{{#never_closed}}\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: broken))
        try Data(
            """
            name: broken-template
            inbox: \(Harness.repository)/sample-inputs
            output: out
            reference: \(Harness.repository)/pipelines/reference
            templates: templates
            pseudonym_key: {file: \(Harness.repository)/pipelines/sample.key, sample: true}
            """.utf8
        ).write(to: URL(fileURLWithPath: dir + "/p.yaml"))
        let r = try Harness.run(["run", dir + "/p.yaml", "--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("template \(broken) does not parse (Mustache)"), "\(r.stderr)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(r.stderr.contains("at line \(lines)"), "the file's own line number: \(r.stderr)")
    }

    /// `jingzhun run … | head -c1`: the closed pipe does not kill the run, which writes its records.
    @Test func aClosedPipeDoesNotKillTheRun() throws {
        let dir = Harness.scratch("sigpipe")
        let r = try Self.shell(
            "'\(Harness.binary)' run pipelines/sample.yaml --output '\(dir)/out' 2>&1 | head -c1 >/dev/null")
        #expect(r.status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out/runs")
        #expect(runs.count == 1)
        let manifest = String(
            decoding: Harness.read(dir + "/out/runs/" + (runs.first ?? "") + "/manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"exit_status\": 1"), "the run finished (1: the sample's rejected submission)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/reports/2019/national.html"))
    }

    @Test func helpListsTheExitStatuses() throws {
        let r = try Harness.run(["run", "--help"])
        for status in ["69", "73", "74", "77", "70"] { #expect(r.stdout.contains(status), "\(r.stdout)") }
    }
}
